import type { JsonObject } from 'nest-portcullis/testing';
import { issuerAndApp } from '../support/issuer-lifecycle';
import { PLATFORMS } from '../support/platforms';
import { answerOf, CODE, DESCRIPTION, invalidToken } from '../support/answers';
import { getMe, startAuthnApp } from './support/authn-app';

const now = (): number => Math.floor(Date.now() / 1000);

/** The module's default clock tolerance, in seconds. */
const LEEWAY = 5;

describe.each(PLATFORMS)('claims (RFC 7519 section 4.1, RFC 9068) on %s', (platform) => {
  const suite = issuerAndApp((issuer) => startAuthnApp(platform, issuer.moduleOptions()));

  const refused = async (claims: JsonObject, description: string, code?: string) => {
    const response = await getMe(suite.app, suite.issuer.mintAccessToken(claims));
    expect(answerOf(response)).toEqual(invalidToken(description, code));
  };

  const accepted = async (claims: JsonObject) => {
    const response = await getMe(
      suite.app,
      suite.issuer.mintAccessToken({ sub: 'accepted', ...claims }),
    );
    expect([response.status, response.body.sub]).toEqual([200, 'accepted']);
  };

  it('accepts a valid access token and hands its claims to the principal', async () => {
    const response = await getMe(
      suite.app,
      suite.issuer.mintAccessToken({ sub: 'alice', scope: 'a b' }),
    );

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      sub: 'alice',
      kind: 'user',
      clientId: suite.issuer.clientId,
      issuer: suite.issuer.issuer,
      scopes: ['a', 'b'],
      claims: { iss: suite.issuer.issuer, aud: suite.issuer.audience, sub: 'alice' },
    });
  });

  describe('iss matches exactly', () => {
    it.each([
      ['another issuer', () => 'https://evil.example'],
      ['a trailing slash', () => `${suite.issuer.issuer}/`],
      ['another case', () => suite.issuer.issuer.toUpperCase()],
      ['a path added', () => `${suite.issuer.issuer}/realms/x`],
      ['surrounding space', () => ` ${suite.issuer.issuer}`],
    ])('refuses %s', async (_, iss) => {
      await refused({ iss: iss() }, DESCRIPTION.issuer);
    });

    it.each([undefined, 42, [''], null])('refuses iss %j', async (iss) => {
      await refused({ iss: iss === undefined ? undefined : iss }, DESCRIPTION.issuer);
    });

    it('refuses an array holding the issuer', async () => {
      await refused({ iss: [suite.issuer.issuer] }, DESCRIPTION.issuer);
    });
  });

  describe('aud contains the API', () => {
    it.each([
      ['a string', () => suite.issuer.audience],
      ['an array', () => ['https://other.example', suite.issuer.audience]],
    ])('accepts %s', async (_, aud) => {
      await accepted({ aud: aud() });
    });

    it.each([
      ['another string', 'https://other.example'],
      ['the API with a trailing slash', 'https://api.example.test/'],
      ['an array without the API', ['https://a.example', 'https://b.example']],
      ['an empty array', []],
    ])('refuses %s', async (_, aud) => {
      await refused({ aud }, DESCRIPTION.audience);
    });

    it.each([
      ['no aud', undefined],
      ['a number', 7],
      ['an object', { aud: 'https://api.example.test' }],
      ['an array with a non-string', ['https://api.example.test', 1]],
    ])('refuses %s as malformed', async (_, aud) => {
      await refused({ aud }, DESCRIPTION.audienceMalformed);
    });
  });

  describe('exp, nbf and iat, with the clock tolerance', () => {
    it('refuses an expired token with its own code', async () => {
      await refused({ iat: now() - 120, exp: now() - 60 }, DESCRIPTION.expired, CODE.expired);
    });

    it('accepts a token expired within the tolerance', async () => {
      await accepted({ exp: now() - (LEEWAY - 3) });
    });

    it.each([
      ['nbf', DESCRIPTION.notYet],
      ['iat', DESCRIPTION.futureIat],
    ])('refuses %s in the future beyond the tolerance', async (claim, description) => {
      await refused({ [claim]: now() + 60 }, description);
    });

    it.each(['nbf', 'iat'])('accepts %s in the future within the tolerance', async (claim) => {
      await accepted({ [claim]: now() + LEEWAY - 3 });
    });

    it.each([
      ['no exp', undefined],
      ['a string exp', String(now() + 300)],
      ['a boolean exp', true],
      ['an array exp', [now() + 300]],
      ['a null exp', null],
    ])('refuses %s, never coerced', async (_, exp) => {
      await refused({ exp }, DESCRIPTION.expiry);
    });

    it.each([
      ['nbf', { nbf: String(now()) }, DESCRIPTION.nbfMalformed],
      ['iat', { iat: String(now()) }, DESCRIPTION.iatMalformed],
    ])('refuses a string %s', async (_, claims, description) => {
      await refused(claims, description);
    });
  });

  describe('sub is a non-empty string', () => {
    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['a number', 42],
      ['an object', { id: 'user-1' }],
      ['an array', ['user-1']],
      ['null', null],
      ['a boolean', true],
    ])('refuses a sub that is %s', async (_, sub) => {
      await refused({ sub }, DESCRIPTION.subject);
    });
  });

  describe('only access tokens authenticate', () => {
    it('refuses an ID token (aud is the client id)', async () => {
      const response = await getMe(suite.app, suite.issuer.mintIdToken());

      expect(answerOf(response)).toEqual(invalidToken(DESCRIPTION.audience));
    });

    it('refuses an ID token whose aud is the API (nonce and at_hash)', async () => {
      const response = await getMe(
        suite.app,
        suite.issuer.mintIdToken({ aud: suite.issuer.audience }),
      );

      expect(answerOf(response)).toEqual(invalidToken(DESCRIPTION.idToken));
    });

    it.each([
      ['nonce', { nonce: 'n-1' }],
      ['at_hash', { at_hash: 'aGFzaA' }],
      ['c_hash', { c_hash: 'aGFzaA' }],
      ['s_hash', { s_hash: 'aGFzaA' }],
      ["Keycloak's typ ID", { typ: 'ID' }],
      ["Cognito's token_use id", { token_use: 'id' }],
    ])('refuses an access-shaped token carrying %s', async (_, claims) => {
      await refused(claims, DESCRIPTION.idToken);
    });
  });

  describe('sender-constrained tokens (RFC 9449 section 7.2)', () => {
    it.each([
      ['DPoP-bound (cnf.jkt)', { cnf: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' } }],
      ['certificate-bound (cnf.x5t#S256)', { cnf: { 'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o' } }],
    ])('refuses a %s token presented as a bearer token', async (_, claims) => {
      await refused(claims, DESCRIPTION.senderConstrained);
    });
  });
});
