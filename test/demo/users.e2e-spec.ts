import { PLATFORMS } from '../support/platforms';
import { DemoHarness, expectError, expectInsufficientScope, without } from './demo-harness';

const ALICE = { id: 'alice', name: 'Alice', plan: 'free' };
const BOB = { id: 'bob', name: 'Bob', plan: 'free' };
const CAROL = { id: 'carol', name: 'Carol', plan: 'pro' };

describe.each(PLATFORMS)('demo users on %s', (platform) => {
  let demo: DemoHarness;

  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
  });
  afterAll(() => demo.stop());
  beforeEach(() => demo.reset());

  describe('GET /users (read:users): only the users the caller may read', () => {
    it.each([
      ['alice sees only herself', 'alice', [ALICE]],
      ['bob sees only himself', 'bob', [BOB]],
      ['the read:users permission sees everyone', 'bobReader', [ALICE, BOB, CAROL]],
      ['support sees everyone', 'sam', [ALICE, BOB, CAROL]],
      ['admin sees everyone', 'carol', [ALICE, BOB, CAROL]],
      ['a client with the scope sees everyone', 'service', [ALICE, BOB, CAROL]],
    ] as const)('%s', async (_, caller, users) => {
      const res = await demo.send('get', '/users', caller);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(users);
    });

    it.each(['alice', 'carol', 'service'] as const)(
      '%s without read:users: 403 insufficient_scope',
      async (caller) => {
        expectInsufficientScope(
          await demo.send('get', '/users', caller, { scopes: without('read:users') }),
          'read:users',
        );
      },
    );

    it('no token: 401', async () => {
      expectError(await demo.send('get', '/users'), 401, 'PORTCULLIS_MISSING_TOKEN');
    });
  });

  describe('GET /users/:id (read:users)', () => {
    it.each([
      ['the user themself', 'alice', 'alice', ALICE],
      ['the read:users permission', 'bobReader', 'carol', CAROL],
      ['support', 'sam', 'bob', BOB],
      ['admin', 'carol', 'alice', ALICE],
      ['a client with the scope', 'service', 'carol', CAROL],
    ] as const)('%s may: 200 and the user', async (_, caller, id, user) => {
      const res = await demo.send('get', `/users/${id}`, caller);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(user);
    });

    it.each([
      ['alice reading bob', 'alice', 'bob'],
      ['bob (no permission) reading carol', 'bob', 'carol'],
    ] as const)('%s: 403', async (_, caller, id) => {
      expectError(await demo.send('get', `/users/${id}`, caller), 403, 'PORTCULLIS_FORBIDDEN');
    });

    it.each(['carol', 'sam', 'service'] as const)(
      'a user that does not exist: 404 for %s, who may read users',
      async (caller) => {
        expectError(await demo.send('get', '/users/nobody', caller), 404, 'PORTCULLIS_NOT_FOUND');
      },
    );

    it.each([
      ['alice on her own record', 'alice', 'alice'],
      ['an admin', 'carol', 'bob'],
      ['the read:users permission', 'bobReader', 'alice'],
      ['a client', 'service', 'alice'],
    ] as const)('without read:users, %s: 403 insufficient_scope', async (_, caller, id) => {
      expectInsufficientScope(
        await demo.send('get', `/users/${id}`, caller, { scopes: without('read:users') }),
        'read:users',
      );
    });
  });

  describe('PATCH /users/:id (write:users)', () => {
    it('the user themself changes name and email: 200, stored', async () => {
      const body = { name: 'Alicia', email: 'alicia@example.com' };
      const res = await demo.send('patch', '/users/alice', 'alice', { body });
      const updated = { id: 'alice', name: 'Alicia', email: 'alicia@example.com', plan: 'free' };
      expect(res.status).toBe(200);
      expect(res.body).toEqual(updated);
      expect(await demo.adminRead('/users/alice')).toEqual(updated);
    });

    it('an admin changes any field of any user, plan included', async () => {
      const res = await demo.send('patch', '/users/bob', 'carol', {
        body: { plan: 'pro', name: 'Robert' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: 'bob', name: 'Robert', plan: 'pro' });
      expect(await demo.adminRead('/users/bob')).toEqual({
        id: 'bob',
        name: 'Robert',
        plan: 'pro',
      });
    });

    it.each([
      ['the user themself may not change their plan', 'alice', 'alice', { plan: 'pro' }],
      ['one forbidden field refuses the whole body', 'alice', 'alice', { name: 'Al', plan: 'pro' }],
      ['a user may not change another', 'alice', 'bob', { name: 'Evil' }],
      ['support may not change anyone', 'sam', 'bob', { name: 'Evil' }],
      ['the read:users permission does not let write', 'bobReader', 'carol', { name: 'Evil' }],
      ['a client owns nothing', 'service', 'alice', { name: 'Evil' }],
      // Authorization runs before validation (guards before pipes): a field the caller may
      // not write is refused as such, even one the body type does not know.
      ['a field a user may not write, even an unknown one', 'alice', 'alice', { nickname: 'Al' }],
    ] as const)('%s: 403, nothing changes', async (_, caller, id, body) => {
      const before = await demo.adminRead(`/users/${id}`);
      const res = await demo.send('patch', `/users/${id}`, caller, {
        body,
        scopes: ['read:users', 'write:users'],
      });
      expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
      expect(await demo.adminRead(`/users/${id}`)).toEqual(before);
    });

    it.each([
      ['the user themself', 'alice', 'alice'],
      ['an admin', 'carol', 'bob'],
    ] as const)(
      'without write:users, %s: 403 insufficient_scope, nothing changes',
      async (_, caller, id) => {
        const before = await demo.adminRead(`/users/${id}`);
        const res = await demo.send('patch', `/users/${id}`, caller, {
          body: { name: 'Changed' },
          scopes: without('write:users'),
        });
        expectInsufficientScope(res, 'write:users');
        expect(await demo.adminRead(`/users/${id}`)).toEqual(before);
      },
    );

    it('a user that does not exist: 404 for an admin', async () => {
      const res = await demo.send('patch', '/users/nobody', 'carol', { body: { name: 'X' } });
      expectError(res, 404, 'PORTCULLIS_NOT_FOUND');
    });

    it.each([
      ['a plan that does not exist', 'carol', { plan: 'gold' }],
      ['a name that is not a string', 'carol', { name: 42 }],
      ['an email that is not one', 'carol', { email: 'not-an-email' }],
      ['an unknown field', 'carol', { nickname: 'Al' }],
      ['the id', 'carol', { id: 'mallory' }],
      ['a wrong type in a field the user may write', 'alice', { name: ['A'] }],
    ] as const)('a malformed body (%s): 400, nothing changes', async (_, caller, body) => {
      const before = await demo.adminRead('/users/alice');
      const res = await demo.send('patch', '/users/alice', caller, { body });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(await demo.adminRead('/users/alice')).toEqual(before);
    });
  });
});
