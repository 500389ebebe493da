import type { INestApplication } from '@nestjs/common';
import type { ClaimMapping, ClaimPresetName } from 'nest-portcullis';
import { TestIssuer, type JsonObject } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { answerOf, invalidToken } from '../support/answers';
import { getMe, startAuthnApp } from './support/authn-app';
import { mappedPrincipal, type MappedPrincipal } from './support/principal-client';

/** Entra: an API whose audience is its own application (client) id. */
const ENTRA_API = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const NO_CLIENT = 'The token does not name its client';

/** One app per mapping; each test mints the provider's documented token shapes. */
const MAPPINGS: Record<string, ClaimPresetName | ClaimMapping> = {
  auth0: 'auth0',
  keycloak: 'keycloak',
  zitadel: 'zitadel',
  zitadelProject: {
    preset: 'zitadel',
    roles: [{ keysOf: 'urn:zitadel:iam:org:project:42:roles' }],
  },
  hydra: 'hydra',
};

describe.each(PLATFORMS)('who is a client, per preset, on %s', (platform) => {
  let issuer: TestIssuer;
  const apps = new Map<string, INestApplication>();

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    for (const [name, claims] of Object.entries(MAPPINGS)) {
      apps.set(name, await startAuthnApp(platform, issuer.moduleOptions({ claims })));
    }
    const entra = (claims: ClaimPresetName | ClaimMapping) =>
      startAuthnApp(platform, issuer.moduleOptions({ claims, audience: ENTRA_API }));
    apps.set('entra', await entra('entra'));
    apps.set('entraLoose', await entra({ preset: 'entra', requireClientId: false }));
  });

  afterAll(async () => {
    await Promise.all([...apps.values()].map((app) => app.close()));
    await issuer?.stop();
  });

  const principalOf = (appName: string, claims: JsonObject): Promise<MappedPrincipal> =>
    mappedPrincipal(apps.get(appName)!, issuer.mintAccessToken(claims));

  describe('auth0', () => {
    it('an RFC 9068 profile machine-to-machine token (no gty) is a client', async () => {
      const machine = await principalOf('auth0', {
        sub: 'm2m-client@clients',
        client_id: 'm2m-client',
        scope: 'read:users',
      });

      expect(machine).toEqual({
        sub: 'm2m-client@clients',
        kind: 'client',
        clientId: 'm2m-client',
        scopes: ['read:users'],
        permissions: [],
        roles: [],
      });
    });

    it('a user, or a sub naming another client, stays a user', async () => {
      const user = await principalOf('auth0', { sub: 'auth0|5f7c', client_id: 'spa' });
      const other = await principalOf('auth0', { sub: 'other@clients', client_id: 'spa' });

      expect([user.kind, other.kind]).toEqual(['user', 'user']);
    });
  });

  describe('entra: access tokens name their client, ID tokens do not', () => {
    /** A v2 ID token of the API's own registration, from the token endpoint: no nonce, no at_hash. */
    const idTokenClaims: JsonObject = {
      aud: ENTRA_API,
      sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      oid: '00000000-0000-0000-66f3-3332eca7ea81',
      preferred_username: 'alice@example.com',
      ver: '2.0',
      nonce: undefined,
      at_hash: undefined,
      auth_time: undefined,
    };

    it('refuses the ID token: 401 invalid_token', async () => {
      const idToken = issuer.mintIdToken(idTokenClaims);

      expect(answerOf(await getMe(apps.get('entra')!, idToken))).toEqual(invalidToken(NO_CLIENT));
      // Without the rule, the same token passed for an access token: what requireClientId closes.
      expect((await getMe(apps.get('entraLoose')!, idToken)).status).toBe(200);
    });

    it('refuses it before looking for its key (no JWKS refetch for an unknown kid)', async () => {
      const kid = issuer.createKey('RS256', { publish: false });
      issuer.resetCounters();

      const response = await getMe(apps.get('entra')!, issuer.mintIdToken(idTokenClaims, { kid }));

      expect(answerOf(response)).toEqual(invalidToken(NO_CLIENT));
      expect(issuer.jwksFetches).toBe(0);
    });

    it('accepts a v2 access token (azp) and a v1 one (appid)', async () => {
      const base = { aud: ENTRA_API, client_id: undefined, scp: 'Orders.Read' };
      const v2 = await principalOf('entra', { ...base, azp: 'spa-app' });
      const v1 = await principalOf('entra', { ...base, appid: 'web-app' });

      expect([v2.clientId, v1.clientId]).toEqual(['spa-app', 'web-app']);
    });
  });

  describe("keycloak: the service account of the token's own client only", () => {
    it('a user named service-account-evil, through client web, stays a user', async () => {
      const user = await principalOf('keycloak', {
        sub: '9a1e-user',
        azp: 'web',
        client_id: undefined,
        preferred_username: 'service-account-evil',
      });

      expect(user).toMatchObject({ kind: 'user', clientId: 'web' });
    });

    it('service-account-<clientId>, lower-cased, is the client', async () => {
      const service = await principalOf('keycloak', {
        sub: '4c2b-service',
        azp: 'Reporting',
        client_id: 'Reporting',
        preferred_username: 'service-account-reporting',
      });

      expect(service).toMatchObject({ kind: 'client', clientId: 'Reporting' });
    });
  });

  describe('zitadel', () => {
    const ORG = { '69234230193872955': 'acme.zitadel.cloud' };

    it('role names are the keys of the project roles claim; no scope claim', async () => {
      const user = await principalOf('zitadel', {
        sub: '77776025198584418',
        client_id: '69234237810729234@portcullis',
        'urn:zitadel:iam:org:project:roles': { admin: ORG, support: ORG },
        'urn:zitadel:iam:org:project:42:roles': { other: ORG },
      });
      const project = await principalOf('zitadelProject', {
        'urn:zitadel:iam:org:project:roles': { admin: ORG },
        'urn:zitadel:iam:org:project:42:roles': { auditor: ORG },
      });

      expect(user).toEqual({
        sub: '77776025198584418',
        kind: 'user',
        clientId: '69234237810729234@portcullis',
        scopes: [],
        permissions: [],
        roles: ['admin', 'support'],
      });
      expect(project.roles).toEqual(['auditor']);
    });
  });

  describe('hydra', () => {
    it('scp, ext.roles, client_id; a client-credentials token (sub = client id) is a client', async () => {
      const user = await principalOf('hydra', {
        sub: 'f3b2-user',
        client_id: 'web',
        scp: ['openid', 'read:users'],
        ext: { roles: ['support'], permissions: ['read:notes'] },
      });
      const machine = await principalOf('hydra', {
        sub: 'reporting',
        client_id: 'reporting',
        scp: ['read:users'],
        ext: {},
      });

      expect(user).toEqual({
        sub: 'f3b2-user',
        kind: 'user',
        clientId: 'web',
        scopes: ['openid', 'read:users'],
        permissions: ['read:notes'],
        roles: ['support'],
      });
      expect(machine).toMatchObject({ kind: 'client', clientId: 'reporting' });
    });

    it('refuses a token without client_id (a Hydra ID token has none)', async () => {
      const token = issuer.mintAccessToken({ client_id: undefined, scp: ['read:users'] });

      expect(answerOf(await getMe(apps.get('hydra')!, token))).toEqual(invalidToken(NO_CLIENT));
    });
  });
});
