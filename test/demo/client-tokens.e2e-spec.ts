import { AccessDeniedException, type Principal } from 'nest-portcullis';
import { NotesRepository } from '../../src/data/notes.repository';
import { NotesController } from '../../src/notes/notes.controller';
import { PLATFORMS } from '../support/platforms';
import { DemoHarness, expectError } from './demo-harness';

// Issue 9: roles and permissions reach client-credentials tokens only through the policy's
// `client` rules or an `appliesTo` opt-in, which the demo has none of; the `user` rules (keyed
// on `sub`) never do. So a client token carrying the role admin and every scope is still only
// "read every user", and a client whose `sub` is alice's id owns nothing of hers.

const ALICE = { id: 'alice', name: 'Alice', plan: 'free' };
const BOB = { id: 'bob', name: 'Bob', plan: 'free' };
const CAROL = { id: 'carol', name: 'Carol', plan: 'pro' };
const N1 = { id: 'n1', ownerId: 'alice', text: 'Buy milk' };
const N2 = { id: 'n2', ownerId: 'bob', text: 'Call the bank' };

describe.each(PLATFORMS)('demo client tokens holding roles, on %s', (platform) => {
  let demo: DemoHarness;

  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
  });
  afterAll(() => demo.stop());
  beforeEach(() => demo.reset());

  it('the tokens are clients that carry the role admin (the premise of every test here)', async () => {
    const admin = await demo.send('get', '/me', 'adminService');
    const alice = await demo.send('get', '/me', 'aliceService');

    expect(admin.body).toMatchObject({
      sub: demo.issuer.clientId,
      kind: 'client',
      roles: ['admin'],
    });
    expect(alice.body).toMatchObject({ sub: 'alice', kind: 'client', roles: ['admin'] });
  });

  describe.each(['adminService', 'aliceService'] as const)('%s, every scope', (caller) => {
    it('PATCH /users/alice {plan}: 403, alice unchanged', async () => {
      const res = await demo.send('patch', '/users/alice', caller, { body: { plan: 'pro' } });

      expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
      expect(await demo.adminRead('/users/alice')).toEqual(ALICE);
    });

    it('PATCH /users/alice {name}: 403, alice unchanged', async () => {
      const res = await demo.send('patch', '/users/alice', caller, { body: { name: 'Mallory' } });

      expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
      expect(await demo.adminRead('/users/alice')).toEqual(ALICE);
    });

    it.each(['n1', 'n2'])(
      'DELETE /notes/%s: 403 (no rule lets a client delete notes), kept',
      async (id) => {
        const res = await demo.send('delete', `/notes/${id}`, caller);

        expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
        expect(await demo.adminRead('/notes')).toEqual([N1, N2]);
      },
    );

    it('PATCH /notes/n1: 403, the note unchanged', async () => {
      const res = await demo.send('patch', '/notes/n1', caller, { body: { text: 'pwned' } });

      expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
      expect(await demo.adminRead('/notes/n1')).toEqual(N1);
    });

    it('POST /notes: 403, nothing created, whatever ownerId the body says', async () => {
      const res = await demo.send('post', '/notes', caller, {
        body: { text: 'mine now', ownerId: 'alice' },
      });

      expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
      expect(await demo.adminRead('/notes')).toEqual([N1, N2]);
    });

    it('GET /notes/n1: 403; GET /notes: 200 and empty', async () => {
      expectError(await demo.send('get', '/notes/n1', caller), 403, 'PORTCULLIS_FORBIDDEN');
      const list = await demo.send('get', '/notes', caller);

      expect({ status: list.status, body: list.body }).toEqual({ status: 200, body: [] });
    });

    it('GET /users: 200 and every user, through the client rules', async () => {
      const res = await demo.send('get', '/users', caller);

      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: [ALICE, BOB, CAROL],
      });
    });
  });

  it('a client with only read:users still lists and reads every user', async () => {
    const list = await demo.send('get', '/users', 'service', { scopes: ['read:users'] });
    const one = await demo.send('get', '/users/carol', 'service', { scopes: ['read:users'] });

    expect([list.status, list.body]).toEqual([200, [ALICE, BOB, CAROL]]);
    expect([one.status, one.body]).toEqual([200, CAROL]);
  });

  it('the create handler itself never makes a client an owner, whatever the policy says', () => {
    const client: Principal = Object.freeze({
      sub: 'alice',
      kind: 'client',
      clientId: 'demo-service',
      issuer: demo.issuer.issuer,
      scopes: new Set(['write:notes']),
      permissions: new Set<string>(),
      roles: new Set(['admin']),
      expiresAt: 4_102_444_800,
      claims: Object.freeze({}),
    });
    const create = () => demo.app.get(NotesController).create(client, { text: 'x' });

    expect(create).toThrow(AccessDeniedException);
    expect(demo.app.get(NotesRepository).findAll()).toEqual([N1, N2]);
  });
});
