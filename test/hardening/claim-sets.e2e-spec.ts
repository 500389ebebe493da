import fc from 'fast-check';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS, type Platform } from '../support/platforms';
import { expectedVerdict, type OracleConfig } from './support/access-token-oracle';
import { refusalProblem } from '../support/answers';
import { claimSet, objectText, type Members } from './support/claim-sets';
import { startHardeningApp, type ListeningApp } from './support/hardening-app';
import { checkProperty, timeoutFor } from './support/properties';
import { closeRawClient, getWithToken } from '../support/raw-http';

const ALGORITHMS = ['RS256', 'ES256', 'PS384'] as const;
const SECOND_AUDIENCE = 'https://second.api.example.test';
const json = (value: unknown): string => JSON.stringify(value);
const weighted = <T>(usual: T, ...others: fc.Arbitrary<T>[]): fc.Arbitrary<T> =>
  fc.oneof({ weight: others.length * 6, arbitrary: fc.constant(usual) }, ...others);

/** Header members of a token signed by `signer`, each parameter perturbed now and then. */
function headerMembers(kids: readonly string[], signer: number): fc.Arbitrary<Members> {
  const alg = weighted<string | undefined>(
    json(ALGORITHMS[signer]),
    fc.constantFrom(...ALGORITHMS, 'none', 'HS256', 'rs256', 'EdDSA', 'RS512').map(json),
    fc.constantFrom(undefined, 'null', '["RS256"]'),
  );
  const kid = weighted<string | undefined>(
    json(kids[signer]),
    fc.constantFrom(...kids, 'unknown-kid', '').map(json),
    fc.constantFrom(undefined, '7', 'null'),
  );
  const typ = weighted<string | undefined>(
    json('at+jwt'),
    fc
      .constantFrom('JWT', 'jwt', 'application/at+jwt', 'APPLICATION/AT+JWT', 'Application/JWT')
      .map(json),
    fc.constantFrom('id_token+jwt', 'dpop+jwt', 'application/', 'at+jwt ', 'JOSE').map(json),
    fc.constantFrom(undefined, '5', 'null'),
  );
  const crit = weighted<string | undefined>(
    undefined,
    fc.constantFrom('["exp"]', '[]', '["b64"]', '"x"'),
  );
  const ignored = fc.subarray([
    ['jku', json('https://attacker.example/jwks')],
    ['x5u', json('https://attacker.example/x5u')],
    ['jwk', json({ kty: 'oct', k: 'AAAA' })],
    ['x5c', json(['MIIB'])],
    ['cty', json('JWT')],
    ['b64', 'false'],
  ] as const);
  return fc
    .tuple(alg, kid, typ, crit, ignored, fc.boolean())
    .map(([a, k, t, c, extra, duplicateAlg]) => {
      const members: [string, string][] = [];
      if (a !== undefined) members.push(['alg', a]);
      if (k !== undefined) members.push(['kid', k]);
      if (t !== undefined) members.push(['typ', t]);
      if (c !== undefined) members.push(['crit', c]);
      members.push(...extra.map(([name, value]) => [name, value] as [string, string]));
      // RFC 7515 section 5.2 lets a parser keep the last of duplicate names: a header
      // that names `none` first must still be judged by its last `alg`.
      if (duplicateAlg) members.unshift(['alg', json('none')]);
      return members;
    });
}

// Claim sets and headers, signed with the issuer's real keys, are accepted exactly when the
// oracle written from issue 2 says so, in the default and the strict (RFC 9068) mode.
describe('signed claim sets against the rules (property)', () => {
  let issuer: TestIssuer;
  const apps: { listening: ListeningApp; strict: boolean }[] = [];
  let kids: string[];

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: [...ALGORITHMS] });
    kids = ALGORITHMS.map((alg) => issuer.currentKid(alg));
    const audience = [issuer.audience, SECOND_AUDIENCE];
    for (const platform of PLATFORMS as readonly Platform[]) {
      for (const strict of [false, true]) {
        apps.push({
          listening: await startHardeningApp(platform, issuer, { audience, strict }),
          strict,
        });
      }
    }
  });

  afterAll(async () => {
    closeRawClient();
    await Promise.all(apps.map(({ listening }) => listening.app.close()));
    await issuer.stop();
  });

  const configFor = (strict: boolean): OracleConfig => ({
    issuer: issuer.issuer,
    audiences: [issuer.audience, SECOND_AUDIENCE],
    algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'],
    clockToleranceSeconds: 5,
    strict,
    publishedKeys: new Map(issuer.jwks().keys.map((jwk) => [String(jwk.kid), String(jwk.alg)])),
  });

  it(
    'accepts a token exactly when the oracle does',
    async () => {
      const verdicts = { accepted: 0, refused: 0 };
      const signedToken = fc
        .nat({ max: ALGORITHMS.length - 1 })
        .chain((signer) => fc.tuple(fc.constant(signer), headerMembers(kids, signer), claimSet));
      await checkProperty(
        fc.asyncProperty(
          fc.nat({ max: 3 }),
          signedToken,
          async (appIndex, [signer, header, claims]) => {
            const { listening, strict } = apps[appIndex];
            const now = Math.floor(Date.now() / 1000);
            const context = {
              issuer: issuer.issuer,
              audiences: [issuer.audience, SECOND_AUDIENCE],
              clientId: issuer.clientId,
              now,
            };
            const headerText = objectText(header);
            const payloadText = objectText(claims(context));
            const token = issuer.forge.signRaw(headerText, payloadText, kids[signer]);
            const verdict = expectedVerdict(
              JSON.parse(headerText),
              JSON.parse(payloadText),
              { kid: kids[signer], alg: ALGORITHMS[signer] },
              configFor(strict),
              now,
            );
            const answer = await getWithToken(listening.origin, token);
            if (verdict.accept) {
              expect({ status: answer.status, body: answer.body }).toEqual({
                status: 200,
                body: expect.stringContaining(
                  `"sub":${JSON.stringify(JSON.parse(payloadText).sub)}`,
                ),
              });
              verdicts.accepted++;
            } else {
              expect({
                refusal: refusalProblem(answer),
                status: answer.status,
                rule: verdict.rule,
              }).toEqual({
                refusal: undefined,
                status: 401,
                rule: verdict.rule,
              });
              verdicts.refused++;
            }
          },
        ),
        400,
      );
      expect(verdicts.accepted).toBeGreaterThan(0);
      expect(verdicts.refused).toBeGreaterThan(0);
    },
    timeoutFor(400),
  );
});
