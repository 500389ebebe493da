import { DemoConfigError } from '../../src/infra/config/demo-config';
import { parseDemoConfig, type DemoEnv } from '../../src/infra/config/env-config';

/** The variable a configuration error names, or `undefined` if it parsed. */
function variableRefused(env: DemoEnv): string | undefined {
  try {
    parseDemoConfig(env);
    return undefined;
  } catch (error) {
    if (error instanceof DemoConfigError) return error.variable;
    throw error;
  }
}

const REAL = {
  AUTH_ISSUER_URL: 'https://tenant.auth0.com/',
  AUTH_AUDIENCE: 'https://api.example.com',
};

describe('demo configuration from the environment', () => {
  it('without configuration runs on the development issuer, port 3000, default claims', () => {
    expect(parseDemoConfig({})).toEqual({
      port: 3000,
      auth: { mode: 'development', alg: 'RS256' },
      rolesClaim: 'roles',
      permissionsClaim: 'permissions',
      algorithms: undefined,
    });
  });

  it('reads every variable of a real issuer', () => {
    const config = parseDemoConfig({
      ...REAL,
      AUTH_AUDIENCE: ' https://api.example.com , api://demo ',
      AUTH_JWKS_URI: 'https://tenant.auth0.com/.well-known/jwks.json',
      AUTH_ROLES_CLAIM: 'https://example.com/roles',
      AUTH_PERMISSIONS_CLAIM: 'resource_access.demo-api.roles',
      AUTH_ALGORITHMS: 'RS256, PS256',
      AUTH_CLAIMS_PRESET: 'keycloak',
      PORT: '8080',
    });
    expect(config).toEqual({
      port: 8080,
      auth: {
        mode: 'issuer',
        issuer: 'https://tenant.auth0.com/',
        audiences: ['https://api.example.com', 'api://demo'],
        jwksUri: 'https://tenant.auth0.com/.well-known/jwks.json',
        preset: 'keycloak',
      },
      rolesClaim: 'https://example.com/roles',
      permissionsClaim: 'resource_access.demo-api.roles',
      algorithms: ['RS256', 'PS256'],
    });
  });

  it('keeps the issuer exactly as given (a trailing slash matters)', () => {
    const config = parseDemoConfig({
      ...REAL,
      AUTH_ISSUER_URL: 'http://localhost:8080/realms/demo',
    });
    expect(config.auth).toMatchObject({
      issuer: 'http://localhost:8080/realms/demo',
      preset: 'generic',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseDemoConfig({ AUTH_ISSUER_URL: '', PORT: ' ' }).auth.mode).toBe('development');
  });

  it('signs development tokens with ES256 when AUTH_ALGORITHMS leaves RS256 out', () => {
    expect(parseDemoConfig({ AUTH_ALGORITHMS: 'ES256' }).auth).toEqual({
      mode: 'development',
      alg: 'ES256',
    });
  });

  it.each<[string, DemoEnv, string]>([
    ['a port that is not a number', { PORT: 'abc' }, 'PORT'],
    ['port 0', { PORT: '0' }, 'PORT'],
    ['a port too high (the issuer needs PORT + 1)', { PORT: '65535' }, 'PORT'],
    ['a fractional port', { PORT: '3000.5' }, 'PORT'],
    [
      'an issuer that is not a URL',
      { ...REAL, AUTH_ISSUER_URL: 'tenant.auth0.com' },
      'AUTH_ISSUER_URL',
    ],
    [
      'an issuer that is not http(s)',
      { ...REAL, AUTH_ISSUER_URL: 'ftp://tenant/' },
      'AUTH_ISSUER_URL',
    ],
    ['an issuer without an audience', { AUTH_ISSUER_URL: REAL.AUTH_ISSUER_URL }, 'AUTH_AUDIENCE'],
    [
      'an audience without an issuer (a typo would leave development mode on)',
      { AUTH_AUDIENCE: 'x' },
      'AUTH_AUDIENCE',
    ],
    ['a JWKS URI without an issuer', { AUTH_JWKS_URI: 'https://x/jwks' }, 'AUTH_JWKS_URI'],
    ['a preset without an issuer', { AUTH_CLAIMS_PRESET: 'auth0' }, 'AUTH_CLAIMS_PRESET'],
    ['an empty audience in the list', { ...REAL, AUTH_AUDIENCE: 'a,,b' }, 'AUTH_AUDIENCE'],
    ['a JWKS URI that is not a URL', { ...REAL, AUTH_JWKS_URI: '/jwks' }, 'AUTH_JWKS_URI'],
    ['a roles claim with a space', { AUTH_ROLES_CLAIM: 'realm roles' }, 'AUTH_ROLES_CLAIM'],
    [
      'a permissions claim with a space',
      { AUTH_PERMISSIONS_CLAIM: 'a b' },
      'AUTH_PERMISSIONS_CLAIM',
    ],
    ['a symmetric algorithm', { AUTH_ALGORITHMS: 'RS256,HS256' }, 'AUTH_ALGORITHMS'],
    ['alg none', { AUTH_ALGORITHMS: 'none' }, 'AUTH_ALGORITHMS'],
    ['an empty item in the algorithms', { AUTH_ALGORITHMS: 'RS256,' }, 'AUTH_ALGORITHMS'],
    [
      'algorithms the development issuer cannot sign with',
      { AUTH_ALGORITHMS: 'PS256' },
      'AUTH_ALGORITHMS',
    ],
    ['an unknown preset', { ...REAL, AUTH_CLAIMS_PRESET: 'toString' }, 'AUTH_CLAIMS_PRESET'],
  ])('refuses %s, naming the variable', (_, env, variable) => {
    expect(variableRefused(env)).toBe(variable);
  });

  it('says what is wrong in the message, starting with the variable', () => {
    expect(() => parseDemoConfig({ PORT: 'abc' })).toThrow(
      'PORT must be a whole number from 1 to 65534, got "abc"',
    );
    expect(() => parseDemoConfig({ AUTH_ISSUER_URL: 'https://x/' })).toThrow(
      /^AUTH_AUDIENCE is required/,
    );
  });
});
