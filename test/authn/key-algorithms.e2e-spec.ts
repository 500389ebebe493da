import type { INestApplication } from '@nestjs/common';
import type { AsymmetricAlgorithm } from 'nest-portcullis';
import { TestIssuer, type SigningAlgorithm } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken } from '../support/answers';
import { getMe, startAuthnApp } from './support/authn-app';

const refusedAlgorithm = invalidToken(DESCRIPTION.algorithm);
const badSignature = invalidToken(DESCRIPTION.signature);
describe.each(PLATFORMS)('keys and algorithms (RFC 7517, RFC 7518) on %s', (platform) => {
  const apps: INestApplication[] = [];
  const issuers: TestIssuer[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(issuers.map((issuer) => issuer.stop()));
  });

  async function setUp(
    algorithms: SigningAlgorithm[],
    keyUse = true,
    allowed?: AsymmetricAlgorithm[],
  ): Promise<[TestIssuer, INestApplication]> {
    const issuer = await TestIssuer.start({ algorithms, keyUse });
    issuers.push(issuer);
    const options = allowed === undefined ? {} : { algorithms: allowed };
    const app = await startAuthnApp(platform, issuer.moduleOptions(options));
    apps.push(app);
    return [issuer, app];
  }

  it('accepts every asymmetric algorithm jsonwebtoken verifies', async () => {
    const algorithms: SigningAlgorithm[] = ['RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    const [issuer, app] = await setUp([...algorithms, 'ES384', 'ES512']);

    for (const alg of [...algorithms, 'ES384', 'ES512'] as const) {
      const response = await getMe(app, issuer.mintAccessToken({ sub: alg }, { alg }));
      expect([response.status, response.body.sub]).toEqual([200, alg]);
    }
  });

  it('refuses EdDSA, which jsonwebtoken cannot verify, before any key lookup', async () => {
    const [issuer, app] = await setUp(['EdDSA']);
    issuer.resetCounters();

    expect(answerOf(await getMe(app, issuer.mintAccessToken()))).toEqual(refusedAlgorithm);
    expect(issuer.jwksFetches).toBe(0);
  });

  it('accepts a token without kid when the JWKS holds one key', async () => {
    const [issuer, app] = await setUp(['RS256']);
    const token = issuer.mintAccessToken({ sub: 'no-kid' }, { header: { kid: undefined } });

    const response = await getMe(app, token);

    expect([response.status, response.body.sub]).toEqual([200, 'no-kid']);
  });

  it('refuses an algorithm left out of the `algorithms` option', async () => {
    const [issuer, app] = await setUp(['RS256', 'ES256'], true, ['ES256']);

    expect(answerOf(await getMe(app, issuer.mintAccessToken({}, { alg: 'RS256' })))).toEqual(
      refusedAlgorithm,
    );
    expect((await getMe(app, issuer.mintAccessToken({}, { alg: 'ES256' }))).status).toBe(200);
  });

  it('without alg in the JWK, still checks the key type and the signature', async () => {
    const [issuer, app] = await setUp(['RS256', 'ES256'], false);
    const rsaKid = issuer.currentKid('RS256');

    expect((await getMe(app, issuer.mintAccessToken({}, { alg: 'RS256' }))).status).toBe(200);
    const asEs256 = issuer.mintAccessToken({}, { kid: rsaKid, header: { alg: 'ES256' } });
    expect(answerOf(await getMe(app, asEs256))).toEqual(refusedAlgorithm);
    // An RSA key may serve PS256 when its JWK says nothing; the RS256 signature then fails.
    const asPs256 = issuer.mintAccessToken({}, { kid: rsaKid, header: { alg: 'PS256' } });
    expect(answerOf(await getMe(app, asPs256))).toEqual(badSignature);
  });
});
