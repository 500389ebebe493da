import type { INestApplication } from '@nestjs/common';
import { definePolicy } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { appPolicy, type AppAbility } from './support/app-policy';
import { answerOf, as, startPolicyApp, userToken } from './support/policy-app';
import { NotesRepository, UsersRepository } from './support/repositories';

const ALL_USERS = ['1234', '4567', '9999', 'test-client'];
const EVERY_SCOPE = 'read:users write:users read:notes write:notes';

/** appPolicy with the role admin opted in for clients; its permissions still reach users only. */
const adminForClients = definePolicy<AppAbility>({
  ...appPolicy,
  roles: { admin: { ...appPolicy.roles!.admin, appliesTo: ['user', 'client'] } as never },
});

describe.each(PLATFORMS)('lists, and client principals, on %s', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let users: UsersRepository;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startPolicyApp(platform, issuer);
    users = app.get(UsersRepository);
  });

  beforeEach(() => users.reset());

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  const ids = (body: Array<{ id: string }>) => body.map((user) => user.id);

  describe('list filtering with @CurrentAbility and permittedItems', () => {
    it.each([
      ['a user sees themself', '1234', {}, ['1234']],
      ['a user with read:users sees everyone', '1234', { permissions: ['read:users'] }, ALL_USERS],
      ['an admin sees everyone', '9999', { roles: ['admin'] }, ALL_USERS],
    ])('%s', async (_, sub, claims, expected) => {
      const token = userToken(issuer, sub, { scope: 'read:users', ...claims });
      const response = await as(app, token).get('/users');

      expect(response.status).toBe(200);
      expect(ids(response.body)).toEqual(expected);
    });
  });

  describe('accessibleQuery: the policy as a database condition', () => {
    it.each([
      ['some', '1234', {}, ['1234']],
      ['all', '9999', { roles: ['admin'] }, ALL_USERS],
    ])('matches %s', async (match, sub, claims, expected) => {
      const token = userToken(issuer, sub, { scope: 'read:users', ...claims });
      const response = await as(app, token).get('/users/query');

      expect(response.body).toEqual({ match, ids: expected });
    });

    it('matches all for a client with read:users (its client rule has no condition)', async () => {
      const token = issuer.mintClientToken({ scope: 'read:users' });
      const response = await as(app, token).get('/users/query');

      expect(response.body).toEqual({ match: 'all', ids: ALL_USERS });
    });
  });

  describe('client-credentials tokens act by their scopes only', () => {
    const client = (scope: string) => as(app, issuer.mintClientToken({ scope }));

    it('reads every user with read:users (the client policy)', async () => {
      expect(ids((await client('read:users').get('/users')).body)).toEqual(ALL_USERS);
      expect((await client('read:users').get('/users/4567')).status).toBe(200);
    });

    it('gets no user rules keyed on sub: cannot change the user whose id is its own', async () => {
      const response = await client('read:users write:users').patch('/users/test-client', {
        name: 'Hijacked',
      });

      expect(answerOf(response)).toMatchObject({ status: 403, code: 'PORTCULLIS_FORBIDDEN' });
      expect(users.findById('test-client')?.name).toBe('Robot');
    });

    it('is refused without the scope, as a user would be', async () => {
      const response = await client('read:notes').get('/users');

      expect(answerOf(response)).toMatchObject({
        status: 403,
        code: 'PORTCULLIS_INSUFFICIENT_SCOPE',
      });
    });

    it('gets nothing from the role admin without an opt-in: no plan change, no delete', async () => {
      const admin = as(app, issuer.mintClientToken({ scope: EVERY_SCOPE, roles: ['admin'] }));
      const patch = await admin.patch('/users/4567', { plan: 'pro' });
      const remove = await admin.delete('/notes/n2');

      expect(answerOf(patch)).toMatchObject({ status: 403, code: 'PORTCULLIS_FORBIDDEN' });
      expect(users.findById('4567')?.plan).toBe('free');
      expect(answerOf(remove)).toMatchObject({ status: 403, code: 'PORTCULLIS_FORBIDDEN' });
      expect(app.get(NotesRepository).findById('n2')).toBeDefined();
    });
  });
});

describe.each(PLATFORMS)('client opt-in with appliesTo, on %s', (platform) => {
  let issuer: TestIssuer;
  let optedIn: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    optedIn = await startPolicyApp(platform, issuer, { policy: adminForClients });
  });

  afterAll(async () => {
    await optedIn?.close();
    await issuer?.stop();
  });

  const adminClient = () =>
    as(optedIn, issuer.mintClientToken({ scope: EVERY_SCOPE, roles: ['admin'] }));

  it("gives a client the opted-in role's own rules: it changes a plan", async () => {
    const response = await adminClient().patch('/users/4567', { plan: 'pro' });

    expect(response.status).toBe(200);
    expect(optedIn.get(UsersRepository).findById('4567')?.plan).toBe('pro');
    optedIn.get(UsersRepository).reset();
  });

  it('deletes a note through the role rule of scope write:notes, and only with that scope', async () => {
    const notes = optedIn.get(NotesRepository);
    const token = issuer.mintClientToken({ scope: 'read:notes', roles: ['admin'] });
    const refused = await as(optedIn, token).delete('/notes/n2');

    expect(answerOf(refused)).toMatchObject({ status: 403, code: 'PORTCULLIS_INSUFFICIENT_SCOPE' });
    expect(notes.findById('n2')).toBeDefined();
    expect((await adminClient().delete('/notes/n2')).status).toBe(204);
    expect(notes.findById('n2')).toBeUndefined();
    notes.reset();
  });

  it("does not pass on the role's permissions, which reach users only: no note to read", async () => {
    const response = await adminClient().get('/notes/n1');

    expect(answerOf(response)).toMatchObject({ status: 404, code: 'PORTCULLIS_NOT_FOUND' });
  });

  it('still gives no user rules: the opted-in client is no owner of the user of its id', async () => {
    const robot = as(optedIn, issuer.mintClientToken({ scope: 'read:users write:users' }));
    const response = await robot.patch('/users/test-client', { name: 'Hijacked' });

    expect(answerOf(response)).toMatchObject({ status: 403, code: 'PORTCULLIS_FORBIDDEN' });
    expect(optedIn.get(UsersRepository).findById('test-client')?.name).toBe('Robot');
  });
});
