import request from 'supertest';
import { PLATFORMS } from '../support/platforms';
import { DemoHarness, expectError } from './demo-harness';

describe.each(PLATFORMS)('demo /health, /me and token problems on %s', (platform) => {
  let demo: DemoHarness;

  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
  });
  afterAll(() => demo.stop());

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = (path: string, headers: Record<string, string> = {}) =>
    request(demo.app.getHttpServer()).get(path).set(headers);

  describe('GET /health (public)', () => {
    it('answers anyone without a token', async () => {
      const res = await get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('ignores a token, even a bad one', async () => {
      expect((await get('/health', bearer('not.a.token'))).status).toBe(200);
    });
  });

  describe('GET /me (any valid access token, no scope)', () => {
    it('returns the principal of a user token without any scope', async () => {
      const res = await demo.send('get', '/me', 'alice', { scopes: [] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        sub: 'alice',
        kind: 'user',
        scopes: [],
        permissions: [],
        roles: [],
      });
    });

    it('lists scopes, permissions and roles as arrays', async () => {
      const token = demo.issuer.mintAccessToken({
        sub: 'carol',
        scope: 'read:users write:users',
        permissions: ['read:users'],
        roles: ['admin', 'support'],
      });
      const res = await get('/me', bearer(token));
      expect(res.body).toEqual({
        sub: 'carol',
        kind: 'user',
        scopes: ['read:users', 'write:users'],
        permissions: ['read:users'],
        roles: ['admin', 'support'],
      });
    });

    it('says a client-credentials token is a client', async () => {
      const res = await demo.send('get', '/me', 'service', { scopes: ['read:users'] });
      expect(res.body).toEqual({
        sub: demo.issuer.clientId,
        kind: 'client',
        scopes: ['read:users'],
        permissions: [],
        roles: [],
      });
    });

    it('no token: 401 with a bare challenge', async () => {
      const res = await get('/me');
      expectError(res, 401, 'PORTCULLIS_MISSING_TOKEN');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
    });
  });

  describe('token problems answer as the authentication issue says, through the demo filter', () => {
    it('an expired token: 401 invalid_token, code TOKEN_EXPIRED', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      const res = await get(
        '/me',
        bearer(demo.issuer.mintAccessToken({ sub: 'alice', iat: past - 60, exp: past })),
      );
      expectError(res, 401, 'PORTCULLIS_TOKEN_EXPIRED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
    });

    it('an ID token: 401 invalid_token', async () => {
      const res = await get('/me', bearer(demo.issuer.mintIdToken({ sub: 'alice' })));
      expectError(res, 401, 'PORTCULLIS_INVALID_TOKEN');
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it('a tampered token: 401 invalid_token', async () => {
      const tampered = demo.issuer.forge.tamper(demo.issuer.mintAccessToken({ sub: 'alice' }));
      expectError(await get('/me', bearer(tampered)), 401, 'PORTCULLIS_INVALID_TOKEN');
    });

    it('a malformed Authorization header: 400 invalid_request', async () => {
      const res = await get('/me', { Authorization: 'Bearer a b' });
      expectError(res, 400, 'PORTCULLIS_INVALID_REQUEST');
      expect(res.headers['www-authenticate']).toContain('error="invalid_request"');
    });

    it('an unknown route answers the same error shape', async () => {
      const res = await demo.send('get', '/nowhere', 'alice');
      expectError(res, 404, 'NOT_FOUND');
    });
  });
});

describe.each(PLATFORMS)('demo while the issuer is down, on %s', (platform) => {
  it('503 with Retry-After survives the demo filter', async () => {
    // No cool-down, so that an unknown key is looked up at once.
    const demo = await DemoHarness.start(platform, { keys: { cooldownSeconds: 0 } });
    try {
      // A key the app never saw, with the issuer failing: the key cannot be had.
      await demo.issuer.simulateOutage('status500');
      const kid = demo.issuer.addKey('RS256');
      const res = await request(demo.app.getHttpServer())
        .get('/me')
        .set('Authorization', `Bearer ${demo.issuer.mintAccessToken({ sub: 'alice' }, { kid })}`);
      expectError(res, 503, 'PORTCULLIS_KEYS_UNAVAILABLE');
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await demo.issuer.restore();
      await demo.stop();
    }
  });
});
