import { createHmac, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { decodeJwtParts, TestIssuer } from './index';
import { base64url, mergeDefined, raw, tamper, unsigned } from './jwt-forge';

type Jwks = { keys: JsonWebKey[] };

describe('forging tokens', () => {
  let issuer: TestIssuer;
  let jwks: Jwks;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    jwks = (await (await fetch(issuer.jwksUri)).json()) as Jwks;
  });
  afterAll(() => issuer.stop());

  const rsaJwk = (): JsonWebKey => jwks.keys.find((key) => key.kty === 'RSA')!;
  const rs256Verifies = (token: string): boolean => {
    const [h, p, s] = token.split('.');
    const key = createPublicKey({ key: rsaJwk(), format: 'jwk' });
    return verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
  };

  it('encodes base64url without padding and merges without undefined', () => {
    expect(base64url(Buffer.from([0xfb, 0xff]))).toBe('-_8');
    expect(base64url('{"a":1}')).toBe('eyJhIjoxfQ');
    expect(mergeDefined({ a: 1, b: 2 }, { b: undefined, c: 3 })).toEqual({ a: 1, c: 3 });
  });

  it('makes an unsecured alg none token with an empty signature', () => {
    const token = unsigned({ typ: 'at+jwt' }, { sub: 'x' });
    expect(token.endsWith('.')).toBe(true);
    expect(token.split('.')).toHaveLength(3);
    expect(decodeJwtParts(token)).toEqual({
      header: { alg: 'none', typ: 'at+jwt' },
      payload: { sub: 'x' },
      signature: '',
    });
    expect(issuer.forge.unsigned).toBe(unsigned);
  });

  it('signs HS256 with the RSA public key PEM as the secret (key confusion)', () => {
    const token = issuer.forge.hmacWithPublicKey(issuer.accessClaims());
    const [h, p, s] = token.split('.');
    expect(decodeJwtParts(token).header).toEqual({
      alg: 'HS256',
      kid: rsaJwk().kid,
      typ: 'at+jwt',
    });
    const pem = createPublicKey({ key: rsaJwk(), format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    });
    expect(createHmac('sha256', pem).update(`${h}.${p}`).digest('base64url')).toBe(s);
    expect(rs256Verifies(token)).toBe(false);
  });

  it('signs with a foreign key that claims a published kid', () => {
    const kid = issuer.currentKid('RS256');
    const token = issuer.forge.signWithForeignKey(issuer.accessClaims(), { kid });
    expect(decodeJwtParts(token).header).toEqual({ alg: 'RS256', kid, typ: 'at+jwt' });
    expect(issuer.publishedKids).toContain(kid);
    expect(rs256Verifies(token)).toBe(false);
    expect(rs256Verifies(issuer.mintAccessToken())).toBe(true);
  });

  it('tampers with the payload after signing, keeping header and signature', () => {
    const token = issuer.mintAccessToken();
    const forged = tamper(token);
    const [h, , s] = token.split('.');
    expect(forged.startsWith(`${h}.`) && forged.endsWith(`.${s}`)).toBe(true);
    expect(decodeJwtParts(forged).payload.sub).toBe('attacker');
    expect(rs256Verifies(token)).toBe(true);
    expect(rs256Verifies(forged)).toBe(false);
    expect(decodeJwtParts(tamper(token, { scope: 'admin' })).payload.scope).toBe('admin');
  });

  it('assembles raw tokens from objects or JSON text', () => {
    const token = raw('{"alg":"RS256","alg":"none"}', { sub: 'x' }, 'c2ln');
    const [h, p, s] = token.split('.');
    expect(Buffer.from(h, 'base64url').toString()).toBe('{"alg":"RS256","alg":"none"}');
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({ sub: 'x' });
    expect(s).toBe('c2ln');
    expect(() => decodeJwtParts(raw({}, 'not json', ''))).toThrow(SyntaxError);
  });

  it('signs JSON text exactly as given with an issuer key (duplicate keys, 1e400)', () => {
    const payload = '{"sub":"x","exp":1e400,"sub":"y"}';
    const token = issuer.forge.signRaw('{"alg":"RS256"}', payload, issuer.currentKid('RS256'));
    expect(Buffer.from(token.split('.')[1], 'base64url').toString()).toBe(payload);
    expect(rs256Verifies(token)).toBe(true);
  });
});
