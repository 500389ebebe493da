import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { decodeJwtParts, exponentOneForgery, exponentTwoForgery, TestIssuer } from './index';

/** Whether an RS* token verifies under a JWK, by Node's own RSA verifier. */
function verifiesUnder(token: string, jwk: JsonWebKey, hash = 'sha256'): boolean {
  const [h, p, s] = token.split('.');
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify(hash, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
}

describe('hostile-key forges', () => {
  it('e = 1: the padded hash verifies as a signature under a real 2048-bit modulus', () => {
    const { jwk, token } = exponentOneForgery({ alg: 'RS256', kid: 'e1' }, { sub: 'attacker' });

    expect(jwk.e).toBe('AQ');
    expect(Buffer.from(jwk.n ?? '', 'base64url')).toHaveLength(256);
    expect(decodeJwtParts(token).header).toEqual({ alg: 'RS256', kid: 'e1' });
    expect(verifiesUnder(token, jwk)).toBe(true);
    // The same signature does not verify under a sound exponent: the forgery is the exponent.
    expect(verifiesUnder(token, { ...jwk, e: 'AQAB' })).toBe(false);
  });

  it('e = 1 works for RS512 too, and refuses a non-PKCS#1 algorithm', () => {
    const { jwk, token } = exponentOneForgery({ alg: 'RS512' }, { sub: 'attacker' });
    expect(verifiesUnder(token, jwk, 'sha512')).toBe(true);
    expect(() => exponentOneForgery({ alg: 'PS256' }, {})).toThrow(/RS256, RS384 or RS512/);
  });

  it('e = 2: a square root modulo n verifies, the payload keeps its claims', () => {
    const { jwk, token } = exponentTwoForgery({ alg: 'RS256', kid: 'e2' }, { sub: 'attacker' });

    expect(jwk.e).toBe('Ag');
    expect(decodeJwtParts(token).payload).toMatchObject({ sub: 'attacker' });
    expect(verifiesUnder(token, jwk)).toBe(true);
  });

  it('serves extra JWKs after the own keys, and any document in place of the JWKS', async () => {
    const issuer = await TestIssuer.start({ algorithms: ['ES256'] });
    try {
      const own = issuer.jwks().keys;
      issuer.publishJwk({ kty: 'oct', k: 'c2VjcmV0', kid: 'hostile' });
      issuer.publishJwk(42);
      const served = async (): Promise<unknown> => (await fetch(issuer.jwksUri)).text();
      expect(JSON.parse((await served()) as string)).toEqual({
        keys: [...own, { kty: 'oct', k: 'c2VjcmV0', kid: 'hostile' }, 42],
      });
      issuer.serveJwks('{"keys": [');
      expect(await served()).toBe('{"keys": [');
      issuer.serveJwks(undefined);
      issuer.clearPublishedJwks();
      expect(JSON.parse((await served()) as string)).toEqual({ keys: own });
    } finally {
      await issuer.stop();
    }
  });
});
