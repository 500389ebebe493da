import type { INestApplication } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken } from '../support/answers';
import { getMe, startAuthnApp } from './support/authn-app';

const refusedAlgorithm = invalidToken(DESCRIPTION.algorithm);
const badSignature = invalidToken(DESCRIPTION.signature);
const unknownKey = invalidToken(DESCRIPTION.unknownKey);

describe.each(PLATFORMS)('signature and JOSE header (RFC 8725) on %s', (platform) => {
  let issuer: TestIssuer;
  /** Another issuer, to hold keys this API must never trust. */
  let attacker: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    [issuer, attacker] = await Promise.all([TestIssuer.start(), TestIssuer.start()]);
    app = await startAuthnApp(platform, issuer.moduleOptions());
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([issuer?.stop(), attacker?.stop()]);
  });

  beforeEach(() => attacker.resetCounters());

  /** Access-token claims of this API, signed by the attacker's key. */
  const attackerToken = (header: Record<string, unknown>): string =>
    attacker.mintAccessToken(
      { iss: issuer.issuer, aud: issuer.audience },
      { header: { kid: attacker.currentKid(), ...header } },
    );

  it('accepts a token of the issuer (RS256 and ES256 keys)', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const response = await getMe(app, issuer.mintAccessToken({ sub: alg }, { alg }));
      expect([response.status, response.body.sub]).toEqual([200, alg]);
    }
  });

  describe('refuses alg none, whatever its case', () => {
    it.each(['none', 'NONE', 'nOnE', 'None'])('%s, unsigned', async (alg) => {
      const token = issuer.forge.unsigned({ alg, typ: 'at+jwt' }, issuer.accessClaims());

      expect(answerOf(await getMe(app, token))).toEqual(invalidToken(DESCRIPTION.malformed));
    });

    it.each(['none', 'NONE', 'nOnE'])('%s, with a signature part', async (alg) => {
      const signed = issuer.mintAccessToken();
      const token = issuer.forge.raw(
        { alg, kid: issuer.currentKid(), typ: 'at+jwt' },
        issuer.accessClaims(),
        signed.split('.')[2],
      );

      expect(answerOf(await getMe(app, token))).toEqual(refusedAlgorithm);
    });
  });

  describe('refuses HMAC, including RSA/HMAC key confusion', () => {
    it.each(['HS256', 'HS384', 'HS512'])('%s keyed with the RSA public key PEM', async (alg) => {
      const token = issuer.forge.hmacWithPublicKey(issuer.accessClaims(), { alg });

      expect(answerOf(await getMe(app, token))).toEqual(refusedAlgorithm);
    });

    it.each(['rs256', 'RS256 ', 'RSA', 'ES256K', ''])('an unknown alg %j', async (alg) => {
      const token = issuer.mintAccessToken({}, { header: { alg } });

      expect(answerOf(await getMe(app, token))).toEqual(refusedAlgorithm);
    });

    it('a header without alg', async () => {
      const token = issuer.mintAccessToken({}, { header: { alg: undefined } });

      expect(answerOf(await getMe(app, token))).toEqual(refusedAlgorithm);
    });
  });

  describe('refuses a signature that does not match', () => {
    it('a tampered payload', async () => {
      const token = issuer.forge.tamper(issuer.mintAccessToken({ scope: 'read' }), {
        scope: 'read write admin',
      });

      expect(answerOf(await getMe(app, token))).toEqual(badSignature);
    });

    it('a tampered header', async () => {
      const [, payload, signature] = issuer.mintAccessToken().split('.');
      const header = issuer.forge.base64url(
        JSON.stringify({ alg: 'RS256', kid: issuer.currentKid(), typ: 'JWT' }),
      );

      expect(answerOf(await getMe(app, `${header}.${payload}.${signature}`))).toEqual(badSignature);
    });

    it.each(['RS256', 'ES256'] as const)(
      'a signature by a foreign %s key under a known kid',
      async (alg) => {
        const token = issuer.forge.signWithForeignKey(issuer.accessClaims(), { alg });

        expect(answerOf(await getMe(app, token))).toEqual(badSignature);
      },
    );

    it('a signature by another published key of the issuer under the first key’s kid', async () => {
      const other = issuer.createKey('RS256', { publish: false });
      const token = issuer.mintAccessToken(
        {},
        { kid: other, header: { kid: issuer.currentKid() } },
      );

      expect(answerOf(await getMe(app, token))).toEqual(badSignature);
    });

    it('an empty-looking signature', async () => {
      const [header, payload] = issuer.mintAccessToken().split('.');

      expect(answerOf(await getMe(app, `${header}.${payload}.AAAA`))).toEqual(badSignature);
    });
  });

  describe('never finds a key through key-bearing headers (jwk, jku, x5u, x5c)', () => {
    it('jwk: the attacker’s public key embedded, under a known kid', async () => {
      const jwk = attacker.jwks().keys[0];
      const token = attackerToken({ jwk, kid: issuer.currentKid() });

      expect(answerOf(await getMe(app, token))).toEqual(badSignature);
    });

    it('jwk: the attacker’s public key embedded, without a kid', async () => {
      const token = attackerToken({ jwk: attacker.jwks().keys[0], kid: undefined });

      expect(answerOf(await getMe(app, token))).toEqual(unknownKey);
    });

    it.each(['jku', 'x5u'])('%s: the attacker’s JWKS URL is never fetched', async (param) => {
      const token = attackerToken({ [param]: attacker.jwksUri });

      expect(answerOf(await getMe(app, token))).toEqual(unknownKey);
      expect(attacker.jwksFetches).toBe(0);
    });

    it('x5c: the attacker’s key as a DER chain, under a known kid', async () => {
      const jwk = attacker.jwks().keys[0];
      const der = createPublicKey({ key: jwk, format: 'jwk' }).export({
        type: 'spki',
        format: 'der',
      });
      const token = attackerToken({ x5c: [der.toString('base64')], kid: issuer.currentKid() });

      expect(answerOf(await getMe(app, token))).toEqual(badSignature);
    });
  });

  describe('refuses an unknown crit extension (RFC 7515 section 4.1.11)', () => {
    it.each([
      ['crit naming a header parameter', { crit: ['exp'], exp: 1 }],
      ['b64: false', { crit: ['b64'], b64: false }],
      ['an empty crit list', { crit: [] }],
      ['crit that is not a list', { crit: 'exp' }],
    ])('%s', async (_, header) => {
      const token = issuer.mintAccessToken({}, { header });

      expect(answerOf(await getMe(app, token))).toEqual(invalidToken(DESCRIPTION.crit));
    });
  });

  describe('kid', () => {
    it.each([42, '', null, ['x']])('refuses a malformed kid %j', async (kid) => {
      const token = issuer.mintAccessToken({}, { header: { kid } });

      expect(answerOf(await getMe(app, token))).toEqual(invalidToken(DESCRIPTION.kid));
    });

    it('refuses a kid not in the JWKS', async () => {
      const token = issuer.mintAccessToken({}, { header: { kid: 'no-such-key' } });

      expect(answerOf(await getMe(app, token))).toEqual(unknownKey);
    });

    it('refuses a token without kid when the JWKS holds several keys', async () => {
      const token = issuer.mintAccessToken({}, { header: { kid: undefined } });

      expect(answerOf(await getMe(app, token))).toEqual(unknownKey);
    });
  });

  describe('uses a key only with its own alg when the JWK states it', () => {
    it.each([
      ['RS256', 'PS256'],
      ['RS256', 'RS512'],
      ['RS256', 'ES256'],
      ['ES256', 'ES384'],
      ['ES256', 'RS256'],
    ] as const)('an %s key under an %s header', async (keyAlg, headerAlg) => {
      const token = issuer.mintAccessToken({}, { alg: keyAlg, header: { alg: headerAlg } });

      expect(answerOf(await getMe(app, token))).toEqual(refusedAlgorithm);
    });
  });
});
