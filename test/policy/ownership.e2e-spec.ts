import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { answerOf, as, startPolicyApp, userToken } from './support/policy-app';
import { NotesRepository, UsersRepository } from './support/repositories';

const FORBIDDEN = { status: 403, code: 'PORTCULLIS_FORBIDDEN', challenge: undefined };
const NOT_FOUND = { status: 404, code: 'PORTCULLIS_NOT_FOUND', challenge: undefined };

describe.each(PLATFORMS)('@Scopes and @Owns on %s', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let users: UsersRepository;
  let notes: NotesRepository;

  const writer = (sub: string, roles: string[] = []) =>
    as(app, userToken(issuer, sub, { scope: 'read:users write:users', roles }));

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startPolicyApp(platform, issuer);
    users = app.get(UsersRepository);
    notes = app.get(NotesRepository);
  });

  beforeEach(() => {
    users.reset();
    notes.reset();
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  describe('PATCH /users/:id', () => {
    it('refuses user 1234 changing user 4567 with 403, though the scope is there, and changes nothing', async () => {
      const response = await writer('1234').patch('/users/4567', { name: 'Mallory' });

      expect(answerOf(response)).toEqual(FORBIDDEN);
      expect(response.body).toEqual({
        statusCode: 403,
        code: 'PORTCULLIS_FORBIDDEN',
        message: 'You are not allowed to perform this operation.',
      });
      expect(users.findById('4567')?.name).toBe('Grace');
    });

    it('lets user 1234 change their own name, once loaded', async () => {
      const response = await writer('1234').patch('/users/1234', { name: 'Ada L.' });

      expect(users.loads).toBe(1); // the guard's: @Resource() handed it on, no second load
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...users.findById('1234'), name: 'Ada L.' });
    });

    it('lets an admin change user 4567, plan included', async () => {
      const response = await writer('9999', ['admin']).patch('/users/4567', {
        name: 'Grace H.',
        plan: 'pro',
      });

      expect(response.status).toBe(200);
      expect(users.findById('4567')).toMatchObject({ name: 'Grace H.', plan: 'pro' });
    });

    it('refuses the admin without the scope: 403 insufficient_scope naming it', async () => {
      const token = userToken(issuer, '9999', { scope: 'read:users', roles: ['admin'] });
      const response = await as(app, token).patch('/users/4567', { name: 'x' });

      expect(answerOf(response)).toEqual({
        status: 403,
        code: 'PORTCULLIS_INSUFFICIENT_SCOPE',
        challenge:
          'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="write:users"',
      });
      expect(users.findById('4567')?.name).toBe('Grace');
      expect(users.loads).toBe(1); // the scope refusal came before any load
    });

    it('refuses a field the owner may not change with 403 and writes nothing, not even the allowed ones', async () => {
      const response = await writer('1234').patch('/users/1234', { name: 'Ada L.', plan: 'pro' });

      expect(answerOf(response)).toEqual(FORBIDDEN);
      expect(users.findById('1234')).toMatchObject({ name: 'Ada', plan: 'free' });
    });

    it('refuses a body that is not an object of fields', async () => {
      const response = await writer('1234').patch('/users/1234', ['name']);

      expect(answerOf(response)).toEqual(FORBIDDEN);
    });

    it('answers 404 for a user that does not exist', async () => {
      const response = await writer('9999', ['admin']).patch('/users/0000', { name: 'x' });

      expect(answerOf(response)).toEqual(NOT_FOUND);
    });
  });

  describe('field checks in the handler (assertFields)', () => {
    it('refuses the owner changing their plan and changes nothing', async () => {
      const response = await writer('1234').put('/users/1234/plan', { plan: 'pro' });

      expect(answerOf(response)).toEqual(FORBIDDEN);
      expect(users.findById('1234')?.plan).toBe('free');
    });

    it('lets a billing manager (a permission in the token) change a plan', async () => {
      const token = userToken(issuer, '4567', {
        scope: 'write:users',
        permissions: ['manage:billing'],
      });
      const response = await as(app, token).put('/users/1234/plan', { plan: 'pro' });

      expect(response.status).toBe(200);
      expect(users.findById('1234')?.plan).toBe('pro');
    });
  });

  describe('GET /users/:id', () => {
    it.each([
      ['themself', '1234', [], '1234', 200],
      ['another user', '1234', [], '4567', 403],
      ['another user, as admin', '9999', ['admin'], '4567', 200],
      ['a missing user', '1234', [], '0000', 404],
      ['a user whose loader throws (the app error, not a 403)', '1234', [], 'boom', 500],
    ])('reading %s', async (_, sub, roles, id, status) => {
      const token = userToken(issuer, sub, { scope: 'read:users', roles });
      const response = await as(app, token).get(`/users/${id}`);

      expect(response.status).toBe(status);
      if (status === 200) expect(response.body.id).toBe(id);
    });

    it('lets a user with the read:users permission read others, only with the scope', async () => {
      const withScope = userToken(issuer, '1234', {
        scope: 'read:users',
        permissions: ['read:users'],
      });
      const withoutScope = userToken(issuer, '1234', {
        scope: 'read:notes',
        permissions: ['read:users'],
      });

      expect((await as(app, withScope).get('/users/4567')).status).toBe(200);
      expect(answerOf(await as(app, withoutScope).get('/users/4567'))).toMatchObject({
        status: 403,
        code: 'PORTCULLIS_INSUFFICIENT_SCOPE',
      });
    });
  });

  describe('hide', () => {
    const reader = (sub: string, scope = 'read:notes') =>
      as(app, userToken(issuer, sub, { scope }));

    it("answers another user's note like a missing one: 404, same body", async () => {
      const hidden = await reader('1234').get('/notes/n2');
      const missing = await reader('1234').get('/notes/n404');

      expect(answerOf(hidden)).toEqual(NOT_FOUND);
      expect(hidden.body).toEqual(missing.body);
    });

    it('hides from a caller with no rule on notes at all, before loading anything', async () => {
      const client = as(app, issuer.mintClientToken({ scope: 'read:notes' }));

      expect(answerOf(await client.get('/notes/n1'))).toEqual(NOT_FOUND);
    });

    it('shows any note to an admin', async () => {
      const admin = as(app, userToken(issuer, '9999', { scope: 'read:notes', roles: ['admin'] }));

      expect((await admin.get('/notes/n2')).body).toEqual(notes.findById('n2'));
    });

    it('serves the owner', async () => {
      const response = await reader('1234').get('/notes/n1');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: 'n1', ownerId: '1234', text: "Ada's note" });
    });
  });

  describe('class and method scopes add up', () => {
    it('needs read:notes (class) and write:notes (method) to delete', async () => {
      const methodOnly = as(app, userToken(issuer, '1234', { scope: 'write:notes' }));
      const both = as(app, userToken(issuer, '1234', { scope: 'read:notes write:notes' }));

      expect(answerOf(await methodOnly.delete('/notes/n1'))).toMatchObject({
        status: 403,
        code: 'PORTCULLIS_INSUFFICIENT_SCOPE',
        challenge: expect.stringContaining('scope="read:notes write:notes"'),
      });
      expect(notes.findById('n1')).toBeDefined();
      expect((await both.delete('/notes/n1')).status).toBe(204);
      expect(notes.findById('n1')).toBeUndefined();
    });

    it("refuses deleting another user's note with 403 (no hide) and keeps it", async () => {
      const both = as(app, userToken(issuer, '1234', { scope: 'read:notes write:notes' }));

      expect(answerOf(await both.delete('/notes/n2'))).toEqual(FORBIDDEN);
      expect(notes.findById('n2')).toBeDefined();
    });
  });

  describe('@AnyScopes and @Can', () => {
    it.each([
      ['read:notes', 200],
      ['read:users', 200],
      ['write:notes', 403],
    ])('GET /dashboard with %s: %s', async (scope, status) => {
      const response = await as(app, userToken(issuer, '1234', { scope })).get('/dashboard');

      expect(response.status).toBe(status);
      if (status === 403) {
        expect(response.headers['www-authenticate']).toContain('scope="read:notes read:users"');
      }
    });

    it.each([
      ['an owner (name and email only)', [], [], 403],
      ['an admin', ['admin'], [], 200],
      ['a billing manager', [], ['manage:billing'], 200],
    ])('GET /billing (@Can update User plan) as %s', async (_, roles, permissions, status) => {
      const token = userToken(issuer, '1234', { scope: 'write:users', roles, permissions });
      const response = await as(app, token).get('/billing');

      expect(answerOf(response)).toMatchObject({
        status,
        code: status === 403 ? 'PORTCULLIS_FORBIDDEN' : undefined,
      });
    });
  });
});
