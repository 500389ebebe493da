import { ASYMMETRIC_ALGORITHMS, PortcullisModule, type PortcullisOptions } from 'nest-portcullis';
import { bootError, type Platform } from '../support/platforms';
import { authnScenario } from './support/authn-app';

// Options are checked before any key is fetched: no issuer needs to be listening.
const ISSUER = 'https://issuer.example';
const SECOND = 'https://second.example';
const VALID: PortcullisOptions = {
  issuer: ISSUER,
  audience: 'https://api.example.test',
  jwksUri: `${ISSUER}/jwks`,
};

/** The message refusing an algorithm outside the asymmetric ones. */
const notAsymmetric = (alg: string): string =>
  `"algorithms" may hold only asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); "${alg}" is not one`;

// Options are validated while the module compiles, before any HTTP adapter exists: one
// platform is enough (the HTTP behaviour of valid options is tested on both).
describe('PortcullisModule refuses to boot on a wrong option, naming it', () => {
  const platform: Platform = 'express';
  const cases: Array<[string, () => Partial<PortcullisOptions>, string]> = [
    [
      'issuer not a URL',
      () => ({ issuer: 'tenant' }),
      '"issuer" must be an absolute URL, got "tenant"',
    ],
    [
      'issuer not http(s)',
      () => ({ issuer: 'ftp://x.example' }),
      '"issuer" must be an http(s) URL, got "ftp://x.example"',
    ],
    ['no issuer', () => ({ issuer: [] }), '"issuer" must name at least one issuer'],
    [
      'an issuer twice',
      () => ({ issuer: [ISSUER, ISSUER], jwksUri: undefined }),
      '"issuer" lists the same issuer twice',
    ],
    [
      'a bad per-issuer jwksUri',
      () => ({ issuer: [{ issuer: ISSUER, jwksUri: 'certs' }], jwksUri: undefined }),
      '"issuer[0].jwksUri" must be an absolute URL, got "certs"',
    ],
    [
      'jwksUri with several issuers',
      () => ({ issuer: [ISSUER, SECOND] }),
      '"jwksUri" applies to one issuer; with several, set jwksUri per issuer',
    ],
    [
      'an empty audience',
      () => ({ audience: '' }),
      '"audience" must be a non-empty string or a non-empty list of them',
    ],
    [
      'no audience',
      () => ({ audience: [] }),
      '"audience" must be a non-empty string or a non-empty list of them',
    ],
    ['HS256 allowed', () => ({ algorithms: ['HS256'] as never }), notAsymmetric('HS256')],
    ['none allowed', () => ({ algorithms: ['none'] as never }), notAsymmetric('none')],
    ['EdDSA allowed', () => ({ algorithms: ['EdDSA'] as never }), notAsymmetric('EdDSA')],
    ['no algorithm', () => ({ algorithms: [] }), '"algorithms" must be a non-empty list'],
    [
      'a negative tolerance',
      () => ({ clockToleranceSeconds: -1 }),
      '"clockToleranceSeconds" must be a number >= 0, got -1',
    ],
    [
      'an unknown preset',
      () => ({ claims: 'azure' as never }),
      '"claims" must be one of generic, auth0, keycloak, entra, okta, cognito, zitadel, hydra, got "azure"',
    ],
    [
      'strict not boolean',
      () => ({ strict: 'yes' as never }),
      '"strict" must be true or false, got "yes"',
    ],
    [
      'a zero fetch timeout',
      () => ({ keys: { fetchTimeoutMs: 0 } }),
      '"keys.fetchTimeoutMs" must be a whole number >= 1, got 0',
    ],
    [
      'a string cooldown',
      () => ({ keys: { cooldownSeconds: '30' as never } }),
      '"keys.cooldownSeconds" must be a number >= 0, got "30"',
    ],
    [
      'a zero token cache',
      () => ({ tokenCache: { maxEntries: 0 } }),
      '"tokenCache.maxEntries" must be a whole number >= 1, got 0',
    ],
  ];

  it.each(cases)('forRoot: %s', async (_, overrides, message) => {
    const error = await bootError(
      platform,
      authnScenario([PortcullisModule.forRoot({ ...VALID, ...overrides() })]),
    );

    expect(error.message).toBe(`PortcullisModule option ${message}`);
  });

  it('forRootAsync: the factory’s options are checked the same way', async () => {
    const error = await bootError(
      platform,
      authnScenario([
        PortcullisModule.forRootAsync({
          useFactory: async () => ({ ...VALID, audience: [] }),
        }),
      ]),
    );

    expect(error.message).toBe(
      'PortcullisModule option "audience" must be a non-empty string or a non-empty list of them',
    );
  });
});
