import type { INestApplication } from '@nestjs/common';
import type { ClaimMapping, ClaimPresetName } from 'nest-portcullis';
import { TestIssuer, type JsonObject } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken } from '../support/answers';
import { getMe, startAuthnApp } from './support/authn-app';
import { mappedPrincipal, type MappedPrincipal } from './support/principal-client';

const COGNITO_CLIENT = 'cognito-app-client';

/** The mappings under test, one app each. README "Presets" says what each reads and checks. */
const MAPPINGS: Record<string, ClaimPresetName | ClaimMapping> = {
  auth0: 'auth0',
  keycloak: 'keycloak',
  entra: 'entra',
  okta: 'okta',
  namespaced: { preset: 'auth0', roles: ['https://example.com/roles'] },
  nested: { preset: 'keycloak', roles: ['realm_access.roles', 'resource_access.web.roles'] },
};

describe.each(PLATFORMS)('claim presets and paths on %s', (platform) => {
  let issuer: TestIssuer;
  const apps = new Map<string, INestApplication>();

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    for (const [name, claims] of Object.entries(MAPPINGS)) {
      apps.set(name, await startAuthnApp(platform, issuer.moduleOptions({ claims })));
    }
    // Cognito access tokens carry no aud: the app client id stands in, through client_id.
    const cognito = issuer.moduleOptions({ claims: 'cognito', audience: COGNITO_CLIENT });
    apps.set('cognito', await startAuthnApp(platform, cognito));
  });

  afterAll(async () => {
    await Promise.all([...apps.values()].map((app) => app.close()));
    await issuer?.stop();
  });

  const principalOf = (appName: string, claims: JsonObject): Promise<MappedPrincipal> =>
    mappedPrincipal(apps.get(appName)!, issuer.mintAccessToken(claims));

  it('auth0: scope string, RBAC permissions, azp; gty client-credentials is a client', async () => {
    const user = await principalOf('auth0', {
      sub: 'auth0|5f7c',
      azp: 'spa',
      client_id: undefined,
      scope: 'openid read:users',
      permissions: ['read:users', 'delete:users'],
    });
    const machine = await principalOf('auth0', {
      sub: 'm2m-client@clients',
      azp: 'm2m-client',
      client_id: undefined,
      gty: 'client-credentials',
      scope: 'read:users',
    });

    expect(user).toEqual({
      sub: 'auth0|5f7c',
      kind: 'user',
      clientId: 'spa',
      scopes: ['openid', 'read:users'],
      permissions: ['read:users', 'delete:users'],
      roles: [],
    });
    expect(machine).toMatchObject({
      kind: 'client',
      clientId: 'm2m-client',
      scopes: ['read:users'],
    });
  });

  it('keycloak: realm_access.roles and azp; a service account is a client', async () => {
    const user = await principalOf('keycloak', {
      sub: '9a1e-user',
      azp: 'web',
      client_id: undefined,
      scope: 'openid profile orders:read',
      realm_access: { roles: ['admin', 'offline_access'] },
      resource_access: { web: { roles: ['web-admin'] } },
      roles: ['ignored'],
    });
    const service = await principalOf('keycloak', {
      sub: '4c2b-service',
      azp: 'reporting',
      client_id: 'reporting',
      preferred_username: 'service-account-reporting',
    });

    expect(user).toEqual({
      sub: '9a1e-user',
      kind: 'user',
      clientId: 'web',
      scopes: ['openid', 'profile', 'orders:read'],
      permissions: [],
      roles: ['admin', 'offline_access'],
    });
    expect(service).toMatchObject({ kind: 'client', clientId: 'reporting' });
  });

  it('entra: scp string (scope ignored), roles, azp/appid; idtyp app is a client', async () => {
    const user = await principalOf('entra', {
      sub: 'pairwise-sub',
      oid: 'object-id',
      azp: 'spa-app',
      client_id: undefined,
      scp: 'User.Read Orders.Read',
      scope: 'Ignored.Scope',
      roles: ['Orders.Admin'],
    });
    const daemon = await principalOf('entra', {
      sub: 'daemon-oid',
      oid: 'daemon-oid',
      appid: 'daemon-app',
      client_id: undefined,
      idtyp: 'app',
      roles: ['Orders.ReadAll'],
    });

    expect(user).toEqual({
      sub: 'pairwise-sub',
      kind: 'user',
      clientId: 'spa-app',
      scopes: ['User.Read', 'Orders.Read'],
      permissions: [],
      roles: ['Orders.Admin'],
    });
    expect(daemon).toMatchObject({ kind: 'client', clientId: 'daemon-app', scopes: [] });
  });

  it('okta: scp array, groups as roles, cid; sub equal to cid is a client', async () => {
    const user = await principalOf('okta', {
      sub: 'alice@example.com',
      uid: '00u1',
      cid: 'okta-spa',
      client_id: undefined,
      scp: ['openid', 'orders:read'],
      groups: ['Everyone', 'admins'],
    });
    const service = await principalOf('okta', {
      sub: 'okta-service',
      cid: 'okta-service',
      client_id: undefined,
      scp: ['orders:sync'],
    });

    expect(user).toEqual({
      sub: 'alice@example.com',
      kind: 'user',
      clientId: 'okta-spa',
      scopes: ['openid', 'orders:read'],
      permissions: [],
      roles: ['Everyone', 'admins'],
    });
    expect(service).toMatchObject({ kind: 'client', clientId: 'okta-service' });
  });

  describe('cognito: no aud; client_id and token_use access stand in', () => {
    const cognitoAccess: JsonObject = {
      sub: 'c0ffee-user',
      aud: undefined,
      client_id: COGNITO_CLIENT,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin orders/read',
      'cognito:groups': ['admins'],
      username: 'alice',
    };

    it('maps scope, cognito:groups and client_id', async () => {
      expect(await principalOf('cognito', cognitoAccess)).toEqual({
        sub: 'c0ffee-user',
        kind: 'user',
        clientId: COGNITO_CLIENT,
        scopes: ['aws.cognito.signin.user.admin', 'orders/read'],
        permissions: [],
        roles: ['admins'],
      });
      const machine = await principalOf('cognito', { ...cognitoAccess, sub: COGNITO_CLIENT });
      expect(machine.kind).toBe('client');
    });

    it.each([
      ['another app client', { client_id: 'other-client' }, DESCRIPTION.audience],
      ['no client_id', { client_id: undefined }, DESCRIPTION.audienceMalformed],
      ['token_use id', { token_use: 'id' }, DESCRIPTION.idToken],
      ['no token_use', { token_use: undefined }, DESCRIPTION.requiredValue],
      ['token_use Access', { token_use: 'Access' }, DESCRIPTION.requiredValue],
    ])('refuses %s', async (_, claims, description) => {
      const token = issuer.mintAccessToken({ ...cognitoAccess, ...claims });

      expect(answerOf(await getMe(apps.get('cognito')!, token))).toEqual(invalidToken(description));
    });

    it('refuses a Cognito ID token (aud is the app client, no client_id)', async () => {
      const idToken = issuer.mintIdToken({ aud: COGNITO_CLIENT, token_use: 'id' });

      expect(answerOf(await getMe(apps.get('cognito')!, idToken))).toEqual(
        invalidToken(DESCRIPTION.audienceMalformed),
      );
    });
  });

  it('explicit paths: a namespaced URL claim, and a nested path beside a preset', async () => {
    const namespaced = await principalOf('namespaced', {
      'https://example.com/roles': ['admin'],
      roles: ['ignored'],
    });
    const nested = await principalOf('nested', {
      realm_access: { roles: ['user'] },
      resource_access: { web: { roles: ['web-admin'] } },
    });

    expect(namespaced.roles).toEqual(['admin']);
    expect(nested.roles).toEqual(['user', 'web-admin']);
  });
});
