import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { decodeJwtParts, TestIssuer } from './index';

type Jwks = { keys: JsonWebKey[] };

const servedJwks = async (issuer: TestIssuer): Promise<Jwks> =>
  (await (await fetch(issuer.jwksUri)).json()) as Jwks;

/** RS256 check of a token against the key its `kid` names in a served JWKS. */
function rs256Verifies(token: string, jwks: Jwks): boolean {
  const [h, p, s] = token.split('.');
  const jwk = jwks.keys.find((key) => key.kid === decodeJwtParts(token).header.kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  return verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
}

describe('TestIssuer keys', () => {
  let issuer: TestIssuer;
  beforeEach(async () => {
    issuer = await TestIssuer.start({ algorithms: ['RS256'] });
  });
  afterEach(() => issuer.stop());

  it('rotates: a new current kid per algorithm, old keys still published', async () => {
    const old = issuer.currentKid();
    const [fresh] = issuer.rotateKeys();
    expect(fresh).not.toBe(old);
    expect(issuer.currentKid('RS256')).toBe(fresh);
    const jwks = await servedJwks(issuer);
    expect(jwks.keys.map((key) => key.kid)).toEqual([old, fresh]);
    const token = issuer.mintAccessToken();
    expect(decodeJwtParts(token).header.kid).toBe(fresh);
    expect(rs256Verifies(token, jwks)).toBe(true);
    expect(rs256Verifies(issuer.mintAccessToken({}, { kid: old }), jwks)).toBe(true);
  });

  it('removes a key from the JWKS; it can still mint tokens nobody can verify', async () => {
    const old = issuer.currentKid();
    const fresh = issuer.addKey('RS256');
    issuer.removeKey(old);
    const jwks = await servedJwks(issuer);
    expect(jwks.keys.map((key) => key.kid)).toEqual([fresh]);
    expect(rs256Verifies(issuer.mintAccessToken({}, { kid: old }), jwks)).toBe(false);
  });

  it('keeps a removed current key current when no other key of its algorithm is published', async () => {
    const only = issuer.currentKid();
    issuer.removeKey(only);
    expect(issuer.publishedKids).toEqual([]);
    expect(issuer.currentKid()).toBe(only);
    expect((await servedJwks(issuer)).keys).toEqual([]);
  });

  it('creates an unpublished key, then publishes it (a new key is picked up)', async () => {
    const current = issuer.currentKid();
    const hidden = issuer.createKey('RS256', { publish: false });
    expect(issuer.currentKid()).toBe(current);
    const token = issuer.mintAccessToken({}, { kid: hidden });
    expect(rs256Verifies(token, await servedJwks(issuer))).toBe(false);
    issuer.publishKey(hidden);
    expect(issuer.publishedKids).toEqual([current, hidden]);
    expect(rs256Verifies(token, await servedJwks(issuer))).toBe(true);
  });

  it('adds keys of another algorithm and names unknown kids and algorithms', () => {
    const kid = issuer.addKey('EdDSA');
    expect(decodeJwtParts(issuer.mintAccessToken({}, { alg: 'EdDSA' })).header).toMatchObject({
      alg: 'EdDSA',
      kid,
    });
    expect(() => issuer.mintAccessToken({}, { alg: 'ES512' })).toThrow(/no ES512 key/);
    expect(() => issuer.mintAccessToken({}, { kid: 'nope' })).toThrow(/no key with kid "nope"/);
    expect(() => issuer.publishKey('nope')).toThrow(/nope/);
  });
});
