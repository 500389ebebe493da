import { createPublicKey, generateKeyPairSync, verify, type JsonWebKey } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import {
  decodeJwtParts,
  generateKeyPairFor,
  jwkThumbprint,
  OfflineMinter,
  TestIssuer,
  type ImportedKey,
} from './index';

type Jwks = { keys: JsonWebKey[] };

const servedJwks = async (issuer: TestIssuer): Promise<Jwks> =>
  (await (await fetch(issuer.jwksUri)).json()) as Jwks;

/** Whether a token verifies under the key its `kid` names in `jwks` (RS256 or ES256). */
function verifiesUnder(token: string, jwks: Jwks): boolean {
  const [h, p, s] = token.split('.');
  const { kid, alg } = decodeJwtParts(token).header;
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const options = alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  return verify('sha256', Buffer.from(`${h}.${p}`), options, Buffer.from(s, 'base64url'));
}

/** A loopback port that was free a moment ago. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));

describe('TestIssuer with imported keys and a fixed port', () => {
  const rsa: ImportedKey = { alg: 'RS256', privateKey: generateKeyPairFor('RS256').privateKey };
  const ec: ImportedKey = { alg: 'ES256', privateKey: generateKeyPairFor('ES256').privateKey };

  it('serves the imported keys under their thumbprints, the same kids at every start', async () => {
    const rsaKid = jwkThumbprint(createPublicKey(rsa.privateKey));
    const ecKid = jwkThumbprint(createPublicKey(ec.privateKey));
    for (let start = 0; start < 2; start++) {
      const issuer = await TestIssuer.start({ keys: [rsa, ec] });
      try {
        const jwks = await servedJwks(issuer);
        expect(jwks.keys.map((key) => [key.kid, key.kty, key.alg])).toEqual([
          [rsaKid, 'RSA', 'RS256'],
          [ecKid, 'EC', 'ES256'],
        ]);
        expect(jwks.keys[0].n).toBe(rsa.privateKey.export({ format: 'jwk' }).n);
        const token = issuer.mintAccessToken({}, { alg: 'ES256' });
        expect(decodeJwtParts(token).header.kid).toBe(ecKid);
        expect(verifiesUnder(token, jwks)).toBe(true);
      } finally {
        await issuer.stop();
      }
    }
  });

  it('pins the RFC 7638 thumbprint of the RFC 7638 example key', () => {
    // RFC 7638 section 3.1: this RSA key's thumbprint is NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs.
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });
    expect(jwkThumbprint(key)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('takes a given kid, and generates keys for the algorithms without one', async () => {
    const issuer = await TestIssuer.start({ keys: [{ ...rsa, kid: 'persisted-1' }] });
    try {
      const kids = (await servedJwks(issuer)).keys.map((key) => key.kid);
      expect(kids).toEqual(['persisted-1', issuer.currentKid('ES256')]);
      expect(issuer.currentKid('RS256')).toBe('persisted-1');
      expect(issuer.currentKid('ES256')).toMatch(/^es256-[0-9a-f]{12}$/);
    } finally {
      await issuer.stop();
    }
  });

  it('listens on the given port, and refuses a taken one with EADDRINUSE', async () => {
    const port = await freePort();
    const issuer = await TestIssuer.start({ port, keys: [rsa] });
    try {
      expect(issuer.issuer).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).status).toBe(200);
      await expect(TestIssuer.start({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await issuer.stop();
    }
    // Stopped, the port is free again.
    const reuse = createServer();
    await new Promise<void>((resolve) => reuse.listen(port, '127.0.0.1', resolve));
    await close(reuse);
  });

  it.each([
    [
      'a port past 65535',
      { port: 70000 },
      /`port` must be a whole number from 0 to 65535, got 70000/,
    ],
    ['a fractional port', { port: 1.5 }, /`port` must be a whole number/],
    [
      'an RSA key labelled ES256',
      { keys: [{ ...rsa, alg: 'ES256' as const }] },
      /`keys` has an rsa key for ES256, which needs a private ec key on prime256v1$/,
    ],
    [
      'a P-256 key labelled ES384',
      {
        keys: [{ alg: 'ES384' as const, privateKey: ec.privateKey }],
        algorithms: ['ES384' as const],
      },
      /has an ec prime256v1 key for ES384, which needs a private ec key on secp384r1$/,
    ],
    [
      'a public key',
      { keys: [{ alg: 'RS256' as const, privateKey: createPublicKey(rsa.privateKey) }] },
      /has a public key for RS256, which needs a private rsa key$/,
    ],
    [
      'a key for an algorithm not listed',
      { keys: [{ alg: 'PS256' as const, privateKey: rsa.privateKey }] },
      /`algorithms` does not list PS256/,
    ],
    ['the same key twice', { keys: [rsa, { ...rsa }] }, /has the kid ".+" twice/],
    ['an empty kid', { keys: [{ ...rsa, kid: '' }] }, /empty `kid`/],
  ])('refuses %s', async (_label, options, message) => {
    await expect(TestIssuer.start(options)).rejects.toThrow(message);
  });
});

describe('OfflineMinter', () => {
  it('mints, without serving, tokens that a TestIssuer with the same keys verifies', async () => {
    const keys: ImportedKey[] = [
      { alg: 'ES256', privateKey: generateKeyPairFor('ES256').privateKey },
      { alg: 'RS256', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey },
    ];
    const issuer = await TestIssuer.start({
      keys,
      algorithms: ['ES256', 'RS256'],
      audience: 'api',
    });
    try {
      const minter = OfflineMinter.create({ issuer: issuer.issuer, audience: 'api', keys });
      const jwks = await servedJwks(issuer);
      const token = minter.mintAccessToken({ sub: 'alice' });
      const { header, payload } = decodeJwtParts(token);
      expect(header).toEqual({ alg: 'ES256', kid: issuer.currentKid('ES256'), typ: 'at+jwt' });
      expect(payload).toMatchObject({
        iss: issuer.issuer,
        aud: 'api',
        sub: 'alice',
        client_id: 'test-client',
      });
      expect(verifiesUnder(token, jwks)).toBe(true);
      expect(verifiesUnder(minter.mintIdToken({}, { alg: 'RS256' }), jwks)).toBe(true);
      expect(minter.jwks()).toEqual(jwks);
    } finally {
      await issuer.stop();
    }
  });

  it.each([
    ['no keys', { issuer: 'http://127.0.0.1:1', keys: [] }, /`keys` must not be empty/],
    [
      'an issuer that is not a URL',
      {
        issuer: 'not a url',
        keys: [{ alg: 'RS256' as const, privateKey: generateKeyPairFor('RS256').privateKey }],
      },
      /`issuer` must be an absolute URL/,
    ],
  ])('refuses %s', (_label, options, message) => {
    expect(() => OfflineMinter.create(options)).toThrow(message);
  });
});
