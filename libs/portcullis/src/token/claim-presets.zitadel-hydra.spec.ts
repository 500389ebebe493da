import { viewOf } from './claim-presets.fixture';
import { CLAIM_PRESETS, type ClaimMapping } from './claim-presets';

/** Zitadel, Hydra and Cognito token shapes (their docs and sources) and their principals. */

describe('zitadel (JWT access tokens: client_id, role maps, no scope claim)', () => {
  const ORG = { '69234230193872955': 'acme.zitadel.cloud' };
  const USER_TOKEN = {
    iss: 'https://acme.zitadel.cloud',
    sub: '77776025198584418',
    aud: ['69234237810729019', '69234237810729234@portcullis'],
    jti: '69234237813329048',
    client_id: '69234237810729234@portcullis',
    'urn:zitadel:iam:org:project:roles': { admin: ORG, support: { '1': 'other.ch', ...ORG } },
  };

  it('reads the role names, the keys of urn:zitadel:iam:org:project:roles', () => {
    expect(viewOf(USER_TOKEN, 'zitadel')).toEqual({
      sub: '77776025198584418',
      kind: 'user',
      clientId: '69234237810729234@portcullis',
      scopes: [],
      permissions: [],
      roles: ['admin', 'support'],
    });
  });

  it('reads scope when an Action adds it', () => {
    expect(viewOf({ ...USER_TOKEN, scope: 'read:users' }, 'zitadel').scopes).toEqual([
      'read:users',
    ]);
  });

  it('reads the project-specific claim when the mapping names it', () => {
    const claims = {
      ...USER_TOKEN,
      'urn:zitadel:iam:org:project:roles': { admin: ORG },
      'urn:zitadel:iam:org:project:344374183645413380:roles': { streaming: ORG },
    };
    const mapping: ClaimMapping = {
      preset: 'zitadel',
      roles: [{ keysOf: 'urn:zitadel:iam:org:project:344374183645413380:roles' }],
    };
    expect(viewOf(claims, mapping).roles).toEqual(['streaming']);
    // The preset does not read other projects' roles.
    expect(viewOf(claims, 'zitadel').roles).toEqual(['admin']);
  });

  it.each([
    ['an array (the shape of an old docs example)', [{ admin: ORG }]],
    ['a string', 'admin'],
    ['null', null],
    ['an array of names', ['admin']],
  ])('gives no roles when the role claim is %s', (_, roles) => {
    const claims = { ...USER_TOKEN, 'urn:zitadel:iam:org:project:roles': roles };
    expect(viewOf(claims, 'zitadel').roles).toEqual([]);
  });

  it.each([
    ['client credentials: sub is the user id, client_id its client id', 'service_test-user'],
    ['JWT profile: client_id is the user id', '345377791925026818'],
  ])('a service user token is a user (%s)', (_, clientId) => {
    const claims = {
      iss: 'http://localhost:8082',
      sub: '345377791925026818',
      aud: ['344374183645413380'],
      client_id: clientId,
      'urn:zitadel:iam:org:project:roles': { streaming: ORG },
    };
    expect(viewOf(claims, 'zitadel')).toMatchObject({ kind: 'user', roles: ['streaming'] });
  });
});

describe('hydra (fosite JWT access tokens: scp, ext, client_id)', () => {
  const HYDRA = {
    iss: 'https://hydra.example.com/',
    aud: ['https://api.example.com'],
    jti: '7bd1a3ab-6cb9-4bcc-a0f5-3b5b7f0d4a8e',
  };

  it('a user token: scp array, ext.roles and ext.permissions, client_id', () => {
    const claims = {
      ...HYDRA,
      sub: 'f3b2a8c4-user',
      client_id: 'web',
      scp: ['openid', 'offline', 'read:users'],
      ext: { roles: ['support'], permissions: ['read:notes'], email: 'a@example.com' },
    };
    expect(viewOf(claims, 'hydra')).toEqual({
      sub: 'f3b2a8c4-user',
      kind: 'user',
      clientId: 'web',
      scopes: ['offline', 'openid', 'read:users'],
      permissions: ['read:notes'],
      roles: ['support'],
    });
  });

  it('reads scope too (strategies.jwt.scope_claim: string or both)', () => {
    const claims = { ...HYDRA, sub: 'u', client_id: 'web', scope: 'a b', scp: ['a', 'b'] };
    expect(viewOf(claims, 'hydra').scopes).toEqual(['a', 'b']);
  });

  it('reads roles mirrored at the top level (allowed_top_level_claims) once', () => {
    const claims = {
      ...HYDRA,
      sub: 'u',
      client_id: 'web',
      roles: ['admin'],
      ext: { roles: ['admin'] },
    };
    expect(viewOf(claims, 'hydra').roles).toEqual(['admin']);
  });

  it('a client-credentials token (sub is the client id) is a client', () => {
    const claims = {
      ...HYDRA,
      sub: 'reporting',
      client_id: 'reporting',
      scp: ['read:users'],
      ext: {},
    };
    expect(viewOf(claims, 'hydra')).toMatchObject({ kind: 'client', clientId: 'reporting' });
  });

  it('gty is no marker for Hydra, and azp is not its client claim', () => {
    const claims = { ...HYDRA, sub: 'u', client_id: 'web', azp: 'u', gty: 'client-credentials' };
    expect(viewOf(claims, 'hydra')).toMatchObject({ kind: 'user', clientId: 'web' });
    expect(CLAIM_PRESETS.hydra.requireClientId).toBe(true);
  });
});

describe('cognito custom scopes (<resource-server-identifier>/<scope>)', () => {
  it('keeps the resource-server prefix, for a client-credentials token too', () => {
    const claims = {
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
      sub: '1example23456789',
      client_id: '1example23456789',
      token_use: 'access',
      version: 2,
      jti: 'a1b2',
      scope: 'https://api.example.com/read orders/write',
    };
    expect(viewOf(claims, 'cognito')).toEqual({
      sub: '1example23456789',
      kind: 'client',
      clientId: '1example23456789',
      scopes: ['https://api.example.com/read', 'orders/write'],
      permissions: [],
      roles: [],
    });
  });
});
