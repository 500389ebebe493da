import type { JsonObject } from 'nest-portcullis/testing';
import request from 'supertest';
import { issuerAndApp } from '../support/issuer-lifecycle';
import { PLATFORMS } from '../support/platforms';
import { getMe, startAuthnApp } from './support/authn-app';
import { mappedPrincipal } from './support/principal-client';

describe.each(PLATFORMS)('the principal on %s', (platform) => {
  const suite = issuerAndApp((issuer) => startAuthnApp(platform, issuer.moduleOptions()));

  async function has(claims: JsonObject, query: Record<string, string>) {
    const response = await request(suite.app.getHttpServer())
      .get('/has')
      .query(query)
      .set('Authorization', `Bearer ${suite.issuer.mintAccessToken(claims)}`);
    expect(response.status).toBe(200);
    return response.body as Record<'scope' | 'permission' | 'role', boolean>;
  }

  describe('@CurrentPrincipal()', () => {
    it('hands the handler the principal of the request’s token, the same on every use', async () => {
      const token = suite.issuer.mintAccessToken({
        sub: 'alice',
        scope: 'orders:read orders:write',
        permissions: ['refund'],
        roles: ['clerk'],
      });
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

      const first = await getMe(suite.app, token);
      const again = await getMe(suite.app, token);

      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        sub: 'alice',
        kind: 'user',
        clientId: suite.issuer.clientId,
        issuer: suite.issuer.issuer,
        scopes: ['orders:read', 'orders:write'],
        permissions: ['refund'],
        roles: ['clerk'],
        expiresAt: claims.exp,
        claims,
      });
      expect(again.body).toEqual(first.body);
    });

    it('a client-credentials token gives a client principal', async () => {
      const principal = await mappedPrincipal(
        suite.app,
        suite.issuer.mintClientToken({ scope: 'sync' }),
      );

      expect(principal).toEqual({
        sub: suite.issuer.clientId,
        kind: 'client',
        clientId: suite.issuer.clientId,
        scopes: ['sync'],
        permissions: [],
        roles: [],
      });
    });

    it('a public route gets no principal, even with a valid token', async () => {
      const response = await request(suite.app.getHttpServer())
        .get('/public/me')
        .set('Authorization', `Bearer ${suite.issuer.mintAccessToken()}`);

      expect([response.status, response.body]).toEqual([200, { principal: null }]);
    });
  });

  describe('principalOf(request)', () => {
    it('reads the principal the guard kept for the platform’s request, as @CurrentPrincipal does', async () => {
      const token = suite.issuer.mintAccessToken({ sub: 'carol' });
      for (let i = 0; i < 2; i++) {
        const response = await request(suite.app.getHttpServer())
          .get('/me/from-request')
          .set('Authorization', `Bearer ${token}`);
        expect([response.status, response.body]).toEqual([200, { principal: 'carol' }]);
      }
    });

    it('answers nothing on a public route, token or not', async () => {
      const response = await request(suite.app.getHttpServer())
        .get('/public/me/from-request')
        .set('Authorization', `Bearer ${suite.issuer.mintAccessToken()}`);
      expect([response.status, response.body]).toEqual([200, { principal: null }]);
    });
  });

  describe('values of the wrong type are dropped, never coerced', () => {
    it.each([
      ['a roles string', { roles: 'superadmin' }, { roles: [] }],
      ['a permissions string', { permissions: 'read:users' }, { permissions: [] }],
      ['a numeric scope', { scope: 42 }, { scopes: [] }],
      [
        'a scope array with non-strings',
        { scope: undefined, scp: [1, 'a', null, '', { b: 1 }] },
        { scopes: ['a'] },
      ],
      [
        'a roles array with non-strings',
        { roles: [{ name: 'admin' }, 'editor', 7] },
        { roles: ['editor'] },
      ],
      ['an object roles claim', { roles: { admin: true } }, { roles: [] }],
      ['a numeric client_id', { client_id: 7, azp: undefined }, { clientId: null }],
    ])('%s', async (_, claims, expected) => {
      expect(await mappedPrincipal(suite.app, suite.issuer.mintAccessToken(claims))).toMatchObject(
        expected,
      );
    });

    it('the raw claims are handed over unchanged', async () => {
      const response = await getMe(
        suite.app,
        suite.issuer.mintAccessToken({ roles: 'superadmin', n: 1 }),
      );

      expect(response.body.claims).toMatchObject({ roles: 'superadmin', n: 1, sub: 'user-1' });
    });
  });

  describe('matching is exact', () => {
    it.each([
      ['read:users_all is not read:users', { scope: 'read:users_all' }, { scope: 'read:users' }],
      ['scopes are case-sensitive', { scope: 'READ:USERS' }, { scope: 'read:users' }],
      ['a scope is not a prefix', { scope: 'read' }, { scope: 'read:users' }],
      ['a roles string "superadmin" is not admin', { roles: 'superadmin' }, { role: 'admin' }],
      ['a role superadmin is not admin', { roles: ['superadmin'] }, { role: 'admin' }],
      [
        'a permission with a space is not the permission',
        { permissions: ['read:users '] },
        { permission: 'read:users' },
      ],
    ])('%s', async (_, claims, query) => {
      const answer = await has(claims, query);

      expect(Object.values(answer)).toEqual([false, false, false]);
    });

    it('the exact names match', async () => {
      const claims = { scope: 'read:users', permissions: ['read:users'], roles: ['admin'] };

      expect(
        await has(claims, {
          scope: 'read:users',
          permission: 'read:users',
          role: 'admin',
        }),
      ).toEqual({
        scope: true,
        permission: true,
        role: true,
      });
    });
  });
});
