import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { PermissionStore } from './support/permission-store';
import { answerOf, as, startPolicyApp, userToken } from './support/policy-app';

describe.each(PLATFORMS)('permissions from a store on %s', (platform) => {
  let issuer: TestIssuer;
  let cached: INestApplication;
  let uncached: INestApplication;

  const storeOf = (app: INestApplication) => app.get(PermissionStore);
  const reader = (app: INestApplication, sub: string, scope = 'read:users') =>
    as(app, userToken(issuer, sub, { scope }));
  const listed = async (app: INestApplication, sub: string, scope?: string) =>
    ((await reader(app, sub, scope).get('/users')).body as Array<{ id: string }>).map((u) => u.id);

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    const permissionsProvider = { useExisting: PermissionStore };
    cached = await startPolicyApp(platform, issuer, { permissionsProvider });
    uncached = await startPolicyApp(platform, issuer, {
      permissionsProvider: { ...permissionsProvider, ttlSeconds: 0 },
    });
  });

  afterAll(async () => {
    await cached?.close();
    await uncached?.close();
    await issuer?.stop();
  });

  it('adds a permission the store grants to those of the token', async () => {
    storeOf(cached).grants.set('grant-reader', ['read:users']);

    expect(await listed(cached, 'grant-reader')).toEqual(['1234', '4567', '9999', 'test-client']);
    expect(await listed(cached, 'no-grants')).toEqual([]);
  });

  it('bounds a granted permission by the token scopes, like any other', async () => {
    storeOf(cached).grants.set('scope-less', ['read:users']);
    const response = await reader(cached, 'scope-less', 'read:notes').get('/users/4567');

    expect(answerOf(response)).toMatchObject({
      status: 403,
      code: 'PORTCULLIS_INSUFFICIENT_SCOPE',
    });
  });

  it('asks the store once per user within the TTL', async () => {
    const store = storeOf(cached);
    const before = store.calls;
    await listed(cached, 'ttl-user');
    await listed(cached, 'ttl-user');
    await listed(cached, 'ttl-user');

    expect(store.calls - before).toBe(1);
  });

  it('asks on every request with ttlSeconds 0', async () => {
    const store = storeOf(uncached);
    const before = store.calls;
    await listed(uncached, 'ttl-user');
    await listed(uncached, 'ttl-user');

    expect(store.calls - before).toBe(2);
  });

  it('never asks about a client', async () => {
    const store = storeOf(cached);
    const before = store.calls;
    const response = await as(cached, issuer.mintClientToken({ scope: 'read:users' })).get(
      '/users',
    );

    expect(response.status).toBe(200);
    expect(store.calls).toBe(before);
  });

  it('does not ask for routes that need no ability', async () => {
    const store = storeOf(cached);
    const before = store.calls;
    const response = await reader(cached, 'me-user').get('/me');

    expect(response.status).toBe(200);
    expect(store.calls).toBe(before);
  });

  describe('when the store fails', () => {
    afterEach(() => {
      storeOf(cached).failing = false;
    });

    it('answers 503 with Retry-After, never a 200 on partial data, and caches nothing', async () => {
      const store = storeOf(cached);
      store.grants.set('outage-user', ['read:users']);
      store.failing = true;

      const refused = await reader(cached, 'outage-user').get('/users');
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.body).toEqual({
        statusCode: 503,
        code: 'PORTCULLIS_PERMISSIONS_UNAVAILABLE',
        message: 'Permissions cannot be checked right now. Try again later.',
      });

      store.failing = false;
      const before = store.calls;
      expect(await listed(cached, 'outage-user')).toHaveLength(4);
      expect(store.calls - before).toBe(1);
    });

    it('still serves routes that need no ability', async () => {
      storeOf(cached).failing = true;

      expect((await reader(cached, 'outage-me').get('/me')).status).toBe(200);
    });
  });
});
