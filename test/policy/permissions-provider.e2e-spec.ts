import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { PortcullisConfigError, PortcullisModule, type PermissionsProvider } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { bootError, PLATFORMS, startApp } from '../support/platforms';
import { appPolicy } from './support/app-policy';
import {
  grantsAppModule,
  GrantsModule,
  GrantsProvider,
  GrantsRepository,
  RequestGrantsProvider,
  RequestScopedGrantsProvider,
  type GrantsHome,
} from './support/grants';
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

describe.each(PLATFORMS)('a useClass permissions provider on %s', (platform) => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });

  afterAll(async () => {
    await issuer?.stop();
  });

  /** The README's form: `permissionsProvider: { useClass, ttlSeconds: 60 }`. */
  const options = (useClass: Type<PermissionsProvider> = GrantsProvider) => ({
    ...issuer.moduleOptions({ policy: appPolicy }),
    permissionsProvider: { useClass, ttlSeconds: 60 },
  });
  const FORMS: Record<string, (useClass?: Type<PermissionsProvider>) => DynamicModule> = {
    forRoot: (useClass) => PortcullisModule.forRoot(options(useClass)),
    forRootAsync: (useClass) =>
      PortcullisModule.forRootAsync({ useFactory: () => options(useClass) }),
    'forRootAsync with imports': (useClass) =>
      PortcullisModule.forRootAsync({
        imports: [GrantsModule],
        useFactory: () => options(useClass),
      }),
  };
  const appWith = (form: string, home: GrantsHome, useClass?: Type<PermissionsProvider>) => ({
    imports: [grantsAppModule(FORMS[form](useClass), home)],
  });

  it.each([
    ['forRoot', 'app providers'],
    ['forRootAsync', 'imported module'],
    ['forRootAsync', 'app providers'],
    ['forRoot', 'dynamic module'],
    ['forRootAsync with imports', 'no app module'],
  ] as const)(
    'boots with %s (repository in: %s), and its grants reach the request',
    async (form, home) => {
      const app: INestApplication = await startApp(platform, appWith(form, home));
      try {
        const grants = app.get(GrantsRepository);
        grants.grants.set('grant-reader', ['read:users']);
        const ids = async (sub: string) => {
          const response = await as(app, userToken(issuer, sub, { scope: 'read:users' })).get(
            '/users',
          );
          expect(response.status).toBe(200);
          return (response.body as Array<{ id: string }>).map((u) => u.id);
        };

        expect(await ids('grant-reader')).toEqual(['1234', '4567', '9999', 'test-client']);
        expect(await ids('no-grants')).toEqual([]);
        await ids('grant-reader');
        expect(grants.calls).toBe(2);
      } finally {
        await app.close();
      }
    },
  );

  it('stops the boot naming the importing module when no module provides the dependency', async () => {
    const error = await bootError(platform, appWith('forRoot', 'no app module'));

    expect(error).toBeInstanceOf(PortcullisConfigError);
    expect((error as Error).message).toMatch(
      /^PortcullisModule option "permissionsProvider\.useClass" cannot be resolved: Nest can't resolve dependencies of the GrantsProvider \(\?\)[^]*AppModule/,
    );
  });

  it.each([
    ['injects the request', RequestGrantsProvider, /request-scoped/i],
    ['is request-scoped', RequestScopedGrantsProvider, /request-scoped class cannot be/],
  ])(
    'refuses at boot a provider that %s (answers are cached across requests)',
    async (_, useClass, message) => {
      const error = await bootError(platform, appWith('forRoot', 'app providers', useClass));

      expect(error).toBeInstanceOf(PortcullisConfigError);
      expect((error as Error).message).toMatch(
        /"permissionsProvider\.useClass" cannot be resolved/,
      );
      expect((error as Error).message).toMatch(message);
    },
  );
});
