import fc from 'fast-check';
import request from 'supertest';
import { issuerAndApp } from '../support/issuer-lifecycle';
import { PLATFORMS } from '../support/platforms';
import { CODE } from '../support/answers';
import { getMe, startAuthnApp } from './support/authn-app';

/** RFC 6750 section 3: quoted values hold no `"`, no `\` and nothing outside printable ASCII. */
const CHALLENGE =
  /^Bearer realm="api"(, error="(invalid_request|invalid_token)", error_description="[\x20\x21\x23-\x5b\x5d-\x7e]+")?$/;

const RUNS = 150;

/** Claim values of every JSON type, and a few that look almost right. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', ' ', 'none', 'NONE', 'HS256', 'at+jwt', 'JWT', '__proto__', 'constructor'),
  fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER),
);

describe.each(PLATFORMS)('never a 500, whatever the token or header, on %s', (platform) => {
  const suite = issuerAndApp((issuer) => startAuthnApp(platform, issuer.moduleOptions()));

  it('signed tokens with arbitrary header parameters and claims', async () => {
    const headerKeys = ['alg', 'kid', 'typ', 'crit', 'jku', 'jwk', 'x5c', 'b64', 'cty'];
    const claimKeys = ['iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'scope', 'roles', 'client_id'];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...headerKeys), anyValue, { maxKeys: 3 }),
        fc.dictionary(fc.constantFrom(...claimKeys), anyValue, { maxKeys: 3 }),
        fc.constantFrom('RS256', 'ES256') as fc.Arbitrary<'RS256' | 'ES256'>,
        async (header, claims, alg) => {
          const response = await getMe(
            suite.app,
            suite.issuer.mintAccessToken(claims, { alg, header }),
          );

          expect([200, 401]).toContain(response.status);
          if (response.status === 401) {
            expect(response.headers['www-authenticate']).toMatch(CHALLENGE);
            expect([CODE.invalidToken, CODE.expired]).toContain(response.body.code);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('arbitrary Authorization values', async () => {
    const printable = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          printable,
          printable.map((s) => `Bearer ${s}`),
        ),
        async (authorization) => {
          const response = await request(suite.app.getHttpServer())
            .get('/me')
            .set('Authorization', authorization);

          expect([400, 401]).toContain(response.status);
          expect(response.headers['www-authenticate']).toMatch(CHALLENGE);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
