import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { answerOf, as, startPolicyApp, userToken } from './support/policy-app';
import { UsersRepository } from './support/repositories';

const ALL_USERS = ['1234', '4567', '9999', 'test-client'];

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
  });
});
