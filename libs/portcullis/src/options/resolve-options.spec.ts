import { PortcullisConfigError } from '../errors/portcullis-config.error';
import { CLAIM_PRESETS } from '../token/claim-presets';
import { ASYMMETRIC_ALGORITHMS, type PortcullisOptions } from './portcullis-options';
import { resolveOptions } from './resolve-options';

/** The token, key and realm slices of the resolved options, side by side. */
function resolvePortcullisOptions(options: PortcullisOptions) {
  const { token, keys, realm } = resolveOptions(options);
  return { ...token, realm, keyLimits: keys };
}

const ISSUER = 'https://issuer.test/';
const AUDIENCE = 'https://api.test';
const VALID: PortcullisOptions = { issuer: ISSUER, audience: AUDIENCE };

/** Options as a caller without types (plain JavaScript, JSON config) might pass them. */
const withOptions = (changes: Record<string, unknown>): PortcullisOptions =>
  ({ ...VALID, ...changes }) as unknown as PortcullisOptions;

function configErrorOf(options: PortcullisOptions): PortcullisConfigError {
  try {
    resolvePortcullisOptions(options);
  } catch (error) {
    if (error instanceof PortcullisConfigError) return error;
    throw error;
  }
  throw new Error('the options were accepted');
}

describe('resolvePortcullisOptions', () => {
  it('fills in the defaults', () => {
    const resolved = resolvePortcullisOptions(VALID);
    expect(resolved).toEqual({
      issuers: [{ issuer: ISSUER, jwksUri: undefined }],
      audiences: new Set([AUDIENCE]),
      algorithms: new Set(ASYMMETRIC_ALGORITHMS),
      clockToleranceSeconds: 5,
      strict: false,
      realm: 'api',
      mapping: CLAIM_PRESETS.generic,
      keyLimits: {
        cooldownMs: 30_000,
        refreshIntervalMs: 600_000,
        maxStaleMs: 86_400_000,
        timeoutMs: 5000,
        maxBytes: 512 * 1024,
        maxKeys: 100,
      },
      tokenCache: { maxEntries: 10_000, maxAgeMs: 60_000 },
    });
  });

  it('keeps the given values', () => {
    const resolved = resolvePortcullisOptions({
      issuer: [
        ISSUER,
        { issuer: 'http://localhost:8080/realms/demo', jwksUri: 'http://localhost:8080/certs' },
      ],
      audience: [AUDIENCE, 'api://default'],
      algorithms: ['ES256'],
      clockToleranceSeconds: 0,
      strict: true,
      realm: 'orders',
      claims: { preset: 'keycloak', roles: ['resource_access.api.roles'] },
      keys: {
        cooldownSeconds: 0,
        refreshIntervalSeconds: 60,
        maxStaleSeconds: 0,
        fetchTimeoutMs: 1,
        maxResponseBytes: 1024,
        maxKeys: 1,
      },
      tokenCache: { maxEntries: 1, maxAgeSeconds: 0 },
    });
    expect(resolved).toMatchObject({
      issuers: [
        { issuer: ISSUER, jwksUri: undefined },
        { issuer: 'http://localhost:8080/realms/demo', jwksUri: 'http://localhost:8080/certs' },
      ],
      audiences: new Set([AUDIENCE, 'api://default']),
      algorithms: new Set(['ES256']),
      clockToleranceSeconds: 0,
      strict: true,
      realm: 'orders',
      mapping: { ...CLAIM_PRESETS.keycloak, roles: ['resource_access.api.roles'] },
      keyLimits: {
        cooldownMs: 0,
        refreshIntervalMs: 60_000,
        maxStaleMs: 0,
        timeoutMs: 1,
        maxBytes: 1024,
        maxKeys: 1,
      },
      tokenCache: { maxEntries: 1, maxAgeMs: 0 },
    });
  });

  it.each([
    ['a string issuer', { jwksUri: 'https://issuer.test/jwks' }],
    ['an issuer object', { issuer: { issuer: ISSUER }, jwksUri: 'https://issuer.test/jwks' }],
    ['a one-issuer list', { issuer: [ISSUER], jwksUri: 'https://issuer.test/jwks' }],
  ])('gives the top-level jwksUri to %s', (_, changes) => {
    expect(resolvePortcullisOptions(withOptions(changes)).issuers).toEqual([
      { issuer: ISSUER, jwksUri: 'https://issuer.test/jwks' },
    ]);
  });

  it('turns the token cache off with false', () => {
    expect(resolvePortcullisOptions({ ...VALID, tokenCache: false }).tokenCache).toBe(false);
  });

  it('accepts a preset name', () => {
    expect(resolvePortcullisOptions({ ...VALID, claims: 'okta' }).mapping).toBe(CLAIM_PRESETS.okta);
  });

  it.each([
    ['options', null],
    ['options', 'https://issuer.test/'],
  ])('refuses options that are not an object (%s)', (option, options) => {
    const error = configErrorOf(options as unknown as PortcullisOptions);
    expect(error.message).toContain(`"${option}"`);
  });

  it.each([
    ['issuer', 'missing', { issuer: undefined }],
    ['issuer', 'an empty list', { issuer: [] }],
    ['issuer', 'an empty string', { issuer: '' }],
    ['issuer', 'not a URL', { issuer: 'issuer.test' }],
    ['issuer', 'an ftp: URL', { issuer: 'ftp://issuer.test/' }],
    ['issuer', 'a javascript: URL', { issuer: 'javascript:alert(1)' }],
    ['issuer', 'a number', { issuer: 42 }],
    ['issuer', 'a duplicate', { issuer: [ISSUER, ISSUER] }],
    ['issuer', 'a duplicate across forms', { issuer: [ISSUER, { issuer: ISSUER }] }],
    ['issuer[1]', 'a bad list entry', { issuer: [ISSUER, 'nope'] }],
    ['issuer[0]', 'a null list entry', { issuer: [null] }],
    [
      'issuer[0].issuer',
      'an object entry without issuer',
      { issuer: [{ jwksUri: 'https://x.test/jwks' }] },
    ],
    ['issuer.issuer', 'an object with a bad issuer', { issuer: { issuer: 'nope' } }],
    [
      'issuer.jwksUri',
      'an object with a bad jwksUri',
      { issuer: { issuer: ISSUER, jwksUri: 'file:///jwks' } },
    ],
    [
      'issuer[0].jwksUri',
      'a list entry with a bad jwksUri',
      { issuer: [{ issuer: ISSUER, jwksUri: 'x' }] },
    ],
    [
      'jwksUri',
      'jwksUri with two issuers',
      { issuer: [ISSUER, 'https://other.test/'], jwksUri: 'https://x.test/jwks' },
    ],
    ['jwksUri', 'jwksUri not a URL', { jwksUri: 'jwks.json' }],
    ['jwksUri', 'jwksUri not http(s)', { jwksUri: 'ftp://issuer.test/jwks' }],
    [
      'jwksUri',
      'a bad jwksUri beside the issuer one',
      { issuer: { issuer: ISSUER, jwksUri: 'https://x.test/j' }, jwksUri: 'x' },
    ],
    ['audience', 'missing', { audience: undefined }],
    ['audience', 'an empty string', { audience: '' }],
    ['audience', 'an empty list', { audience: [] }],
    ['audience', 'a number', { audience: 42 }],
    ['audience', 'a list with a number', { audience: [AUDIENCE, 42] }],
    ['audience', 'a list with an empty string', { audience: [AUDIENCE, ''] }],
    ['algorithms', 'empty', { algorithms: [] }],
    ['algorithms', 'HS256', { algorithms: ['HS256'] }],
    ['algorithms', 'none', { algorithms: ['none'] }],
    ['algorithms', 'HS256 among allowed ones', { algorithms: ['RS256', 'HS256'] }],
    ['algorithms', 'a lower-case name', { algorithms: ['rs256'] }],
    ['algorithms', 'a string', { algorithms: 'RS256' }],
    ['clockToleranceSeconds', 'negative', { clockToleranceSeconds: -1 }],
    ['clockToleranceSeconds', 'NaN', { clockToleranceSeconds: Number.NaN }],
    ['clockToleranceSeconds', 'Infinity', { clockToleranceSeconds: Number.POSITIVE_INFINITY }],
    ['clockToleranceSeconds', 'a string', { clockToleranceSeconds: '5' }],
    ['strict', 'a string', { strict: 'true' }],
    ['realm', 'a number', { realm: 42 }],
    ['claims', 'an unknown preset', { claims: 'google' }],
    ['claims', 'an inherited property name', { claims: 'toString' }],
    ['claims', 'null', { claims: null }],
    ['claims', 'a number', { claims: 42 }],
    ['claims', 'an array', { claims: ['roles'] }],
    ['claims.preset', 'an unknown preset', { claims: { preset: 'google' } }],
    ['claims.preset', 'an inherited property name', { claims: { preset: 'constructor' } }],
    ['claims.roles', 'a string', { claims: { roles: 'roles' } }],
    ['claims.scopes', 'an empty path', { claims: { scopes: [''] } }],
    ['claims.permissions', 'a non-string path', { claims: { permissions: [1] } }],
    ['claims.clientId', 'an object', { claims: { clientId: { path: 'cid' } } }],
    ['claims.audienceClaim', 'a number', { claims: { audienceClaim: 42 } }],
    ['claims.audienceClaim', 'empty', { claims: { audienceClaim: '' } }],
    [
      'claims.requiredValues',
      'a non-string value',
      { claims: { requiredValues: { token_use: 1 } } },
    ],
    ['claims.requiredValues', 'an array', { claims: { requiredValues: ['access'] } }],
    ['claims.requiredValues', 'a string', { claims: { requiredValues: 'access' } }],
    ['claims.isClientToken', 'not a function', { claims: { isClientToken: true } }],
    ['keys.cooldownSeconds', 'negative', { keys: { cooldownSeconds: -1 } }],
    ['keys.refreshIntervalSeconds', 'NaN', { keys: { refreshIntervalSeconds: Number.NaN } }],
    ['keys.maxStaleSeconds', 'a string', { keys: { maxStaleSeconds: '60' } }],
    ['keys.fetchTimeoutMs', '0', { keys: { fetchTimeoutMs: 0 } }],
    ['keys.fetchTimeoutMs', 'fractional', { keys: { fetchTimeoutMs: 1.5 } }],
    ['keys.maxResponseBytes', 'negative', { keys: { maxResponseBytes: -1 } }],
    ['keys.maxKeys', '0', { keys: { maxKeys: 0 } }],
    ['tokenCache.maxEntries', '0', { tokenCache: { maxEntries: 0 } }],
    ['tokenCache.maxEntries', 'fractional', { tokenCache: { maxEntries: 2.5 } }],
    ['tokenCache.maxEntries', 'Infinity', { tokenCache: { maxEntries: Number.POSITIVE_INFINITY } }],
    ['tokenCache.maxAgeSeconds', 'negative', { tokenCache: { maxAgeSeconds: -1 } }],
  ])('refuses %s: %s', (option, _, changes) => {
    const error = configErrorOf(withOptions(changes));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PortcullisConfigError');
    expect(error.message).toMatch(
      new RegExp(`^PortcullisModule option "${option.replace(/[.[\]]/g, '\\$&')}" `),
    );
  });

  it('says what it got', () => {
    expect(configErrorOf(withOptions({ algorithms: ['HS256'] })).message).toContain(
      '"HS256" is not one',
    );
    expect(configErrorOf(withOptions({ issuer: 'ftp://x.test' })).message).toContain(
      '"ftp://x.test"',
    );
  });
});
