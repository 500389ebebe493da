import { viewOf } from './claim-presets.fixture';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import { resolveOptions } from '../options/resolve-options';
import { CLAIM_PRESETS, type ClaimMapping } from './claim-presets';

/**
 * Each provider's token shapes, as its documentation (or, where it has none, its source)
 * shows them, and the principal each preset makes of them.
 */

describe('auth0 (Access Token Profiles: Auth0 and RFC 9068)', () => {
  const AUTH0 = { iss: 'https://my-domain.auth0.com/', aud: 'https://example.com/health-api' };

  it.each([
    ['Auth0 profile', { azp: 'my_client_id' }],
    ['RFC 9068 profile', { client_id: 'my_client_id', jti: '73WakrfVbNJBaAmhQtEeDv' }],
  ])('a user token of the %s is a user', (_, client) => {
    const claims = { ...AUTH0, ...client, sub: 'auth0|123456', scope: 'openid read:patients' };
    expect(viewOf(claims, 'auth0')).toEqual({
      sub: 'auth0|123456',
      kind: 'user',
      clientId: 'my_client_id',
      scopes: ['openid', 'read:patients'],
      permissions: [],
      roles: [],
    });
  });

  it.each([
    ['Auth0 profile (gty)', { azp: 'my_client_id', gty: 'client-credentials' }],
    // Regression: the RFC 9068 profile drops gty, and the machine was taken for a user.
    ['RFC 9068 profile (no gty)', { client_id: 'my_client_id', jti: 'j1' }],
  ])('a machine-to-machine token of the %s is a client', (_, client) => {
    const claims = { ...AUTH0, ...client, sub: 'my_client_id@clients', scope: 'read:patients' };
    expect(viewOf(claims, 'auth0')).toEqual({
      sub: 'my_client_id@clients',
      kind: 'client',
      clientId: 'my_client_id',
      scopes: ['read:patients'],
      permissions: [],
      roles: [],
    });
  });

  it.each([
    ['another client', 'other_client@clients'],
    ['a suffix after @clients', 'my_client_id@clients.evil'],
    ['another case', 'My_client_id@clients'],
    ['no client part', '@clients'],
  ])('a sub naming %s stays a user', (_, sub) => {
    expect(viewOf({ ...AUTH0, client_id: 'my_client_id', sub }, 'auth0').kind).toBe('user');
  });

  it('a sub ending in @clients without any client claim stays a user', () => {
    expect(viewOf({ ...AUTH0, sub: 'undefined@clients' }, 'auth0').kind).toBe('user');
  });
});

describe('entra (access token and ID token claims references)', () => {
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const V2 = { iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, ver: '2.0' };

  it('a v2 delegated token: scp string, azp, roles', () => {
    const claims = {
      ...V2,
      aud: 'api-client-id',
      azp: 'spa-client-id',
      azpacr: '0',
      oid: '690222be-ff1a-4d56-abd1-7e4f7d38e474',
      sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      scp: 'access_as_user Orders.Read',
      roles: ['Orders.Admin'],
    };
    expect(viewOf(claims, 'entra')).toEqual({
      sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      kind: 'user',
      clientId: 'spa-client-id',
      scopes: ['Orders.Read', 'access_as_user'],
      permissions: [],
      roles: ['Orders.Admin'],
    });
  });

  it('a v1 delegated token: appid', () => {
    const claims = {
      iss: `https://sts.windows.net/${TENANT}/`,
      aud: 'api://portcullis-demo',
      appid: 'web-client-id',
      appidacr: '1',
      oid: 'user-oid',
      sub: 'pairwise-sub',
      scp: 'User.Read',
      ver: '1.0',
    };
    expect(viewOf(claims, 'entra')).toMatchObject({ kind: 'user', clientId: 'web-client-id' });
  });

  it('an app-only token: idtyp app, application permissions in roles', () => {
    const claims = {
      ...V2,
      aud: 'api-client-id',
      azp: 'daemon-client-id',
      azpacr: '1',
      idtyp: 'app',
      oid: 'daemon-sp-oid',
      sub: 'daemon-sp-oid',
      roles: ['Orders.ReadAll'],
    };
    expect(viewOf(claims, 'entra')).toEqual({
      sub: 'daemon-sp-oid',
      kind: 'client',
      clientId: 'daemon-client-id',
      scopes: [],
      permissions: [],
      roles: ['Orders.ReadAll'],
    });
  });

  it('requires a client claim (ID tokens carry neither azp nor appid)', () => {
    expect(CLAIM_PRESETS.entra.requireClientId).toBe(true);
    expect(CLAIM_PRESETS.generic.requireClientId).toBe(false);
  });
});

describe('keycloak (service accounts are the user service-account-<clientId>)', () => {
  const KEYCLOAK = {
    iss: 'http://localhost:8080/realms/demo',
    aud: 'portcullis-demo',
    typ: 'Bearer',
    jti: 'b1f0c6b8',
    scope: 'profile email',
  };

  it('a user token: realm_access.roles, azp', () => {
    const claims = {
      ...KEYCLOAK,
      sub: '9a1e7c55-user',
      azp: 'web',
      preferred_username: 'alice',
      realm_access: { roles: ['admin', 'offline_access'] },
      resource_access: { web: { roles: ['web-admin'] } },
    };
    expect(viewOf(claims, 'keycloak')).toEqual({
      sub: '9a1e7c55-user',
      kind: 'user',
      clientId: 'web',
      scopes: ['email', 'profile'],
      permissions: [],
      roles: ['admin', 'offline_access'],
    });
  });

  it.each([
    ['its client', 'reporting', 'service-account-reporting'],
    [
      'its client, whose id has capitals (Keycloak lower-cases usernames)',
      'Reporting-API',
      'service-account-reporting-api',
    ],
  ])('a service-account token of %s is a client', (_, clientId, username) => {
    const claims = {
      ...KEYCLOAK,
      sub: '4c2b3f10-service',
      azp: clientId,
      client_id: clientId,
      preferred_username: username,
      clientHost: '172.17.0.1',
    };
    expect(viewOf(claims, 'keycloak')).toMatchObject({ kind: 'client', clientId });
  });

  it.each([
    ['another client', 'service-account-evil'],
    ['a longer name', 'service-account-web-admin'],
    ['the prefix only', 'service-account-'],
    ['another case', 'service-account-WEB'],
    ['no prefix', 'web'],
  ])('a user named after %s stays a user (regression: any prefix made a client)', (_, name) => {
    const claims = { ...KEYCLOAK, sub: 'u-1', azp: 'web', preferred_username: name };
    expect(viewOf(claims, 'keycloak')).toMatchObject({ kind: 'user', clientId: 'web' });
  });

  it('a service-account name without any client claim stays a user', () => {
    const claims = { ...KEYCLOAK, sub: 'u-1', preferred_username: 'service-account-undefined' };
    expect(viewOf(claims, 'keycloak').kind).toBe('user');
  });
});

describe('boot validation of { keysOf } paths and requireClientId', () => {
  const boot = (claims: unknown) => () =>
    resolveOptions({
      issuer: 'https://issuer.test/',
      audience: 'https://api.test',
      claims: claims as ClaimMapping,
    });

  it('accepts { keysOf } in scopes, permissions and roles, and a boolean requireClientId', () => {
    const mapping = boot({
      preset: 'zitadel',
      roles: [{ keysOf: 'urn:zitadel:iam:org:project:42:roles' }, 'roles'],
      permissions: [{ keysOf: 'grants' }],
      requireClientId: true,
    })().token.mapping;
    expect(mapping.roles).toEqual([{ keysOf: 'urn:zitadel:iam:org:project:42:roles' }, 'roles']);
    expect(mapping.requireClientId).toBe(true);
  });

  it.each([
    ['claims.roles', { roles: [{ keysOf: '' }] }],
    ['claims.roles', { roles: [{ keysOf: 7 }] }],
    ['claims.roles', { roles: [{ keyOf: 'roles' }] }],
    ['claims.scopes', { scopes: [{ keysOf: 'scp', path: 'scope' }] }],
    ['claims.clientId', { clientId: [{ keysOf: 'clients' }] }],
    ['claims.requireClientId', { requireClientId: 'yes' }],
    ['claims.requireClientId', { requireClientId: true, clientId: [] }],
    ['claims.requireClientId', { preset: 'entra', clientId: [] }],
  ])('refuses %s: %j', (option, claims) => {
    expect(boot(claims)).toThrow(
      new RegExp(`^PortcullisModule option "${option.replace('.', '\\.')}" `),
    );
    expect(boot(claims)).toThrow(PortcullisConfigError);
  });
});
