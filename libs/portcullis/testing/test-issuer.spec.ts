import { constants, createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { decodeJwtParts, SIGNING_ALGORITHMS, TestIssuer, type SigningAlgorithm } from './index';

type Jwks = { keys: JsonWebKey[] };

/** An independent reference check: the token's signature against the served JWKS. */
function verifiesWith(token: string, jwks: Jwks): boolean {
  const [h, p, s] = token.split('.');
  const { header } = decodeJwtParts(token);
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (!jwk) return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const alg = String(header.alg);
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  if (alg === 'EdDSA') return verify(null, data, key, signature);
  const hash = `sha${alg.slice(2)}`;
  if (alg.startsWith('ES'))
    return verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg.startsWith('PS')) {
    const pss = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: +alg.slice(2) / 8 };
    return verify(hash, data, pss, signature);
  }
  return verify(hash, data, key, signature);
}

const getJson = async (url: string): Promise<Record<string, unknown>> =>
  (await (await fetch(url)).json()) as Record<string, unknown>;

describe('TestIssuer', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer.stop());
  beforeEach(() => issuer.resetCounters());

  it('serves discovery and a JWKS of public signing keys over HTTP', async () => {
    expect(issuer.issuer).toBe(`http://127.0.0.1:${issuer.port}`);
    const discovery = await getJson(issuer.discoveryUri);
    expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
    const jwks = (await getJson(issuer.jwksUri)) as unknown as Jwks;
    expect(jwks.keys.map((key) => [key.kty, key.alg, key.use])).toEqual([
      ['RSA', 'RS256', 'sig'],
      ['EC', 'ES256', 'sig'],
    ]);
    expect(jwks.keys.map((key) => key.kid)).toEqual(issuer.publishedKids);
    for (const key of jwks.keys) expect(key.d).toBeUndefined();
    expect((await fetch(`${issuer.issuer}/nope`)).status).toBe(404);
  });

  it('counts discovery and JWKS fetches, and resets the counters', async () => {
    await getJson(issuer.discoveryUri);
    await getJson(issuer.discoveryUri);
    await getJson(issuer.jwksUri);
    await fetch(`${issuer.issuer}/other`);
    expect([issuer.discoveryFetches, issuer.jwksFetches]).toEqual([2, 1]);
    issuer.resetCounters();
    expect([issuer.discoveryFetches, issuer.jwksFetches]).toEqual([0, 0]);
  });

  it('mints RFC 9068 access tokens that verify against the served JWKS', async () => {
    const jwks = (await getJson(issuer.jwksUri)) as unknown as Jwks;
    const token = issuer.mintAccessToken({ scope: 'orders:read' });
    const { header, payload } = decodeJwtParts(token);
    expect(header).toEqual({ alg: 'RS256', kid: issuer.currentKid(), typ: 'at+jwt' });
    expect(payload).toMatchObject({
      iss: issuer.issuer,
      sub: 'user-1',
      aud: 'https://api.example.test',
      client_id: 'test-client',
      scope: 'orders:read',
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(300);
    expect(typeof payload.jti).toBe('string');
    expect(verifiesWith(token, jwks)).toBe(true);
    expect(verifiesWith(issuer.mintAccessToken({}, { alg: 'ES256' }), jwks)).toBe(true);
  });

  it('removes claims and header parameters set to undefined', () => {
    const token = issuer.mintAccessToken(
      { exp: undefined, sub: undefined, extra: 1 },
      { header: { typ: undefined, cty: 'x' }, expiresIn: 60 },
    );
    const { header, payload } = decodeJwtParts(token);
    expect(header).toEqual({ alg: 'RS256', kid: issuer.currentKid(), cty: 'x' });
    expect(payload).not.toHaveProperty('exp');
    expect(payload).not.toHaveProperty('sub');
    expect(payload.extra).toBe(1);
  });

  it('mints client-credentials access tokens and OIDC ID tokens', async () => {
    const jwks = (await getJson(issuer.jwksUri)) as unknown as Jwks;
    const client = decodeJwtParts(issuer.mintClientToken({ scope: 'a b' })).payload;
    expect(client).toMatchObject({ sub: 'test-client', client_id: 'test-client' });
    expect(client).toMatchObject({ gty: 'client-credentials', scope: 'a b' });
    const accessToken = issuer.mintAccessToken();
    const idToken = issuer.mintIdToken({ nonce: 'n-1' }, { accessToken });
    const { header, payload } = decodeJwtParts(idToken);
    expect(header.typ).toBe('JWT');
    expect(payload).toMatchObject({ iss: issuer.issuer, aud: 'test-client', nonce: 'n-1' });
    const digest = createHash('sha256').update(accessToken).digest();
    expect(payload.at_hash).toBe(digest.subarray(0, 16).toString('base64url'));
    expect(payload.auth_time).toBe(payload.iat);
    expect(verifiesWith(idToken, jwks)).toBe(true);
  });

  it('builds module options for a JWKS or for discovery', () => {
    expect(issuer.moduleOptions({ strict: true })).toEqual({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUri: issuer.jwksUri,
      strict: true,
    });
    expect(issuer.discoveryModuleOptions()).toEqual({
      issuer: issuer.issuer,
      audience: issuer.audience,
    });
  });
});

describe('TestIssuer options', () => {
  it('signs with every algorithm, each verifying against its served key', async () => {
    const issuer = await TestIssuer.start({ algorithms: [...SIGNING_ALGORITHMS] });
    try {
      const jwks = (await getJson(issuer.jwksUri)) as unknown as Jwks;
      expect(jwks.keys.map((key) => key.alg)).toEqual([...SIGNING_ALGORITHMS]);
      for (const alg of SIGNING_ALGORITHMS) {
        const token = issuer.mintAccessToken({}, { alg });
        expect([alg, decodeJwtParts(token).header.alg, verifiesWith(token, jwks)]).toEqual([
          alg,
          alg,
          true,
        ]);
      }
    } finally {
      await issuer.stop();
    }
  });

  it('serves under an issuer path and a custom JWKS path, without use/alg when asked', async () => {
    const issuer = await TestIssuer.start({
      issuerPath: '/realms/demo/',
      jwksPath: '/realms/demo/protocol/openid-connect/certs',
      algorithms: ['ES384'],
      keyUse: false,
      audience: 'orders-api',
      clientId: 'cli',
    });
    try {
      expect(issuer.issuer).toBe(`http://127.0.0.1:${issuer.port}/realms/demo`);
      expect(issuer.discoveryUri).toBe(`${issuer.issuer}/.well-known/openid-configuration`);
      expect((await getJson(issuer.discoveryUri)).jwks_uri).toBe(issuer.jwksUri);
      const [key] = ((await getJson(issuer.jwksUri)) as unknown as Jwks).keys;
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-384', kid: issuer.currentKid('ES384') });
      expect(key).not.toHaveProperty('use');
      expect(key).not.toHaveProperty('alg');
      expect(decodeJwtParts(issuer.mintAccessToken()).payload).toMatchObject({
        aud: 'orders-api',
        client_id: 'cli',
      });
    } finally {
      await issuer.stop();
    }
  });

  it.each([
    [{ algorithms: [] }, /`algorithms` must not be empty/],
    [{ algorithms: ['HS256' as SigningAlgorithm] }, /`algorithms` has unknown "HS256"/],
    [{ issuerPath: 'realms' }, /`issuerPath` must start/],
    [{ jwksPath: 'jwks' }, /`jwksPath` must start/],
  ])('rejects bad options %j', async (options, message) => {
    await expect(TestIssuer.start(options)).rejects.toThrow(message);
  });
});
