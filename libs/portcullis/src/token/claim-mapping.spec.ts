import type { AccessTokenClaims } from '../principal/principal';
import { mapPrincipal, readClaim, readClientId } from './claim-mapping';
import { CLAIM_PRESETS, resolveClaimMapping, type ClaimPresetName } from './claim-presets';

const BASE = { iss: 'https://issuer.test/', sub: 'user-1', exp: 1_700_000_600 };

function principalOf(extra: Record<string, unknown>, preset: ClaimPresetName = 'generic') {
  return mapPrincipal({ ...BASE, ...extra }, CLAIM_PRESETS[preset]);
}

const sorted = (set: ReadonlySet<string>): string[] => [...set].sort();

describe('mapPrincipal', () => {
  it('builds a frozen principal from the verified claims', () => {
    const claims: AccessTokenClaims = { ...BASE, client_id: 'client-1', scope: 'read' };
    const principal = mapPrincipal(claims, CLAIM_PRESETS.generic);
    expect(principal).toMatchObject({
      sub: 'user-1',
      kind: 'user',
      clientId: 'client-1',
      issuer: 'https://issuer.test/',
      expiresAt: 1_700_000_600,
    });
    expect(principal.claims).toBe(claims);
    expect(Object.isFrozen(principal)).toBe(true);
  });

  describe('is read-only, being cached and shared between requests', () => {
    // Regression: the sets were plain Sets, and every principal without roles shared one
    // empty Set, so `principal.roles.add('admin')` in one handler made every such caller admin.
    it('refuses changes to its sets, including the shared empty set', () => {
      const first = principalOf({ scope: 'read' });
      const second = principalOf({});
      const mutable = (set: ReadonlySet<string>) => set as Set<string>;

      expect(() => mutable(first.roles).add('admin')).toThrow(TypeError);
      expect(() => mutable(first.scopes).add('admin')).toThrow(TypeError);
      expect(() => mutable(first.scopes).delete('read')).toThrow(TypeError);
      expect(() => mutable(first.permissions).clear()).toThrow(TypeError);
      expect([sorted(first.scopes), sorted(second.roles), sorted(principalOf({}).roles)]).toEqual([
        ['read'],
        [],
        [],
      ]);
      expect(first.scopes).toBeInstanceOf(Set);
      expect(first.scopes.has('read')).toBe(true);
    });

    it('freezes its claims, nested objects included', () => {
      const principal = principalOf({ realm_access: { roles: ['user'] } }, 'keycloak');
      const claims = principal.claims as { realm_access: { roles: string[] } };

      expect(() => {
        'use strict';
        claims.realm_access.roles.push('admin');
      }).toThrow(TypeError);
      expect(Object.isFrozen(principal.claims)).toBe(true);
      expect(claims.realm_access.roles).toEqual(['user']);
    });
  });

  describe('scopes', () => {
    it.each([
      ['a single space', 'read write', ['read', 'write']],
      ['several spaces', 'read   write', ['read', 'write']],
      ['leading and trailing spaces', '  read write  ', ['read', 'write']],
      ['one scope', 'read', ['read']],
      ['an empty string', '', []],
      ['only spaces', '   ', []],
      ['duplicates', 'read read', ['read']],
    ])('splits a scope string with %s', (_, scope, expected) => {
      expect(sorted(principalOf({ scope }).scopes)).toEqual(expected);
    });

    it('reads an scp array', () => {
      expect(sorted(principalOf({ scp: ['read', 'write'] }).scopes)).toEqual(['read', 'write']);
    });

    it('adds scope and scp up', () => {
      expect(sorted(principalOf({ scope: 'read', scp: ['write'] }).scopes)).toEqual([
        'read',
        'write',
      ]);
    });

    it('drops array items that are not non-empty strings', () => {
      const scp = ['read', 1, null, '', { s: 'admin' }, ['admin'], true];
      expect(sorted(principalOf({ scp }).scopes)).toEqual(['read']);
    });

    it.each([
      ['a number', 42],
      ['an object', { read: true }],
      ['null', null],
      ['a boolean', true],
    ])('reads no scopes from %s', (_, scope) => {
      expect(principalOf({ scope, scp: scope }).scopes.size).toBe(0);
    });

    it('does not split on other whitespace or commas', () => {
      expect(sorted(principalOf({ scope: 'read,write\tadmin' }).scopes)).toEqual([
        'read,write\tadmin',
      ]);
    });
  });

  describe('roles and permissions', () => {
    it('reads arrays of strings', () => {
      const principal = principalOf({ roles: ['admin', 'editor'], permissions: ['read:users'] });
      expect(sorted(principal.roles)).toEqual(['admin', 'editor']);
      expect(sorted(principal.permissions)).toEqual(['read:users']);
    });

    it.each([
      ['a string', 'superadmin'],
      ['a space-delimited string', 'superadmin admin'],
      ['an object', { superadmin: true }],
      ['a number', 1],
    ])('gives no roles or permissions from %s', (_, value) => {
      const principal = principalOf({ roles: value, permissions: value });
      expect(principal.roles.size).toBe(0);
      expect(principal.permissions.size).toBe(0);
    });

    it('keeps names exactly: read:users_all is not read:users', () => {
      const principal = principalOf({ permissions: ['read:users_all'], scope: 'read:users_all' });
      expect(principal.permissions.has('read:users_all')).toBe(true);
      expect(principal.permissions.has('read:users')).toBe(false);
      expect(principal.scopes.has('read:users')).toBe(false);
    });

    it('is case-sensitive', () => {
      expect(principalOf({ roles: ['Admin'] }).roles.has('admin')).toBe(false);
    });
  });

  describe('client id and kind', () => {
    it.each([
      ['client_id', { client_id: 'c1', azp: 'c2' }, 'c1'],
      ['azp when client_id is absent', { azp: 'c2' }, 'c2'],
      ['azp when client_id is empty', { client_id: '', azp: 'c2' }, 'c2'],
      ['azp when client_id is not a string', { client_id: 7, azp: 'c2' }, 'c2'],
      ['nothing', {}, undefined],
    ])('generic reads %s', (_, extra, clientId) => {
      expect(principalOf(extra).clientId).toBe(clientId);
    });

    it.each([
      ['a user token', { client_id: 'c1' }, 'user'],
      ['a token without client', {}, 'user'],
      ['gty client-credentials', { gty: 'client-credentials', azp: 'c1' }, 'client'],
      ['another gty', { gty: 'password', azp: 'c1' }, 'user'],
      ['sub === client_id', { sub: 'c1', client_id: 'c1' }, 'client'],
      ['sub === azp', { sub: 'c1', azp: 'c1' }, 'client'],
      ['sub differing from client_id only in case', { sub: 'C1', client_id: 'c1' }, 'user'],
    ])('tells %s', (_, extra, kind) => {
      expect(principalOf(extra).kind).toBe(kind);
    });
  });

  describe('presets', () => {
    it('auth0: azp first, permissions, gty client-credentials', () => {
      const principal = principalOf(
        { azp: 'spa', client_id: 'other', permissions: ['read:users'], gty: 'client-credentials' },
        'auth0',
      );
      expect(principal).toMatchObject({ clientId: 'spa', kind: 'client' });
      expect(sorted(principal.permissions)).toEqual(['read:users']);
    });

    it('auth0: namespaced URL claims read by their full name', () => {
      const mapping = resolveClaimMapping({
        preset: 'auth0',
        roles: ['https://example.com/roles'],
      });
      const principal = mapPrincipal(
        { ...BASE, 'https://example.com/roles': ['admin'], roles: ['ignored'] },
        mapping,
      );
      expect(sorted(principal.roles)).toEqual(['admin']);
    });

    it('keycloak: realm_access.roles, azp, service accounts', () => {
      const claims = {
        realm_access: { roles: ['offline_access', 'admin'] },
        resource_access: { api: { roles: ['api-role'] } },
        roles: ['top-level'],
        azp: 'frontend',
        typ: 'Bearer',
      };
      const principal = principalOf(claims, 'keycloak');
      expect(sorted(principal.roles)).toEqual(['admin', 'offline_access']);
      expect(principal).toMatchObject({ clientId: 'frontend', kind: 'user' });
      expect(
        principalOf({ ...claims, preferred_username: 'service-account-frontend' }, 'keycloak').kind,
      ).toBe('client');
      expect(principalOf({ ...claims, preferred_username: 'alice' }, 'keycloak').kind).toBe('user');
    });

    it.each([
      ['not an object', { realm_access: 'admin' }],
      ['an array', { realm_access: [{ roles: ['admin'] }] }],
      ['null', { realm_access: null }],
      ['roles a string', { realm_access: { roles: 'admin' } }],
    ])('keycloak: no roles when realm_access is %s', (_, claims) => {
      expect(principalOf(claims, 'keycloak').roles.size).toBe(0);
    });

    it('okta: scp array, groups, cid', () => {
      const principal = principalOf(
        { scp: ['openid', 'read'], groups: ['Everyone', 'Admins'], cid: 'okta-app' },
        'okta',
      );
      expect(sorted(principal.scopes)).toEqual(['openid', 'read']);
      expect(sorted(principal.roles)).toEqual(['Admins', 'Everyone']);
      expect(principal).toMatchObject({ clientId: 'okta-app', kind: 'user' });
      expect(principalOf({ sub: 'okta-app', cid: 'okta-app', scp: ['read'] }, 'okta').kind).toBe(
        'client',
      );
    });

    it('entra: scp string, scope ignored, appid, idtyp app', () => {
      const user = principalOf(
        { scp: 'User.Read Files.Read', scope: 'ignored', appid: 'app-1', oid: 'o1' },
        'entra',
      );
      expect(sorted(user.scopes)).toEqual(['Files.Read', 'User.Read']);
      expect(user).toMatchObject({ clientId: 'app-1', kind: 'user' });

      const app = principalOf(
        { idtyp: 'app', roles: ['Tasks.Write'], azp: 'daemon', oid: 'o2' },
        'entra',
      );
      expect(app).toMatchObject({ clientId: 'daemon', kind: 'client' });
      expect(sorted(app.roles)).toEqual(['Tasks.Write']);
    });

    it('entra: an app-only token without idtyp is told by oid === sub and no scp', () => {
      expect(principalOf({ sub: 'o1', oid: 'o1', appid: 'daemon' }, 'entra').kind).toBe('client');
      expect(principalOf({ sub: 'o1', oid: 'o1', scp: 'User.Read' }, 'entra').kind).toBe('user');
    });

    it('cognito: scope string, cognito:groups, client_id', () => {
      const principal = principalOf(
        {
          scope: 'aws.cognito.signin.user.admin',
          'cognito:groups': ['admins'],
          client_id: 'c1',
          token_use: 'access',
        },
        'cognito',
      );
      expect(sorted(principal.scopes)).toEqual(['aws.cognito.signin.user.admin']);
      expect(sorted(principal.roles)).toEqual(['admins']);
      expect(principal).toMatchObject({ clientId: 'c1', kind: 'user' });
    });
  });
});

describe('{ keysOf } paths', () => {
  const mapping = resolveClaimMapping({
    roles: [{ keysOf: 'org.roles' }, 'roles'],
    scopes: [{ keysOf: 'grants' }],
  });

  it('reads the keys of an object claim, its values ignored, beside plain paths', () => {
    const principal = mapPrincipal(
      {
        ...BASE,
        org: { roles: { admin: { o1: 'acme' }, support: null, '': 'x' } },
        roles: ['editor'],
        grants: { 'read:users': false },
      },
      mapping,
    );
    expect(sorted(principal.roles)).toEqual(['admin', 'editor', 'support']);
    expect(sorted(principal.scopes)).toEqual(['read:users']);
  });

  it.each([
    ['an array', ['admin']],
    ['a string', 'admin'],
    ['null', null],
    ['a number', 1],
  ])('gives nothing from %s', (_, roles) => {
    expect(mapPrincipal({ ...BASE, org: { roles } }, mapping).roles.size).toBe(0);
  });

  it('does not read inherited keys', () => {
    const roles = Object.create({ admin: {} }) as object;
    expect(mapPrincipal({ ...BASE, org: { roles } }, mapping).roles.size).toBe(0);
  });
});

describe('readClaim', () => {
  it('prefers the full claim name to a dotted path', () => {
    const claims = { 'a.b': 'full name', a: { b: 'path' } };
    expect(readClaim(claims, 'a.b')).toBe('full name');
    expect(readClaim({ a: { b: 'path' } }, 'a.b')).toBe('path');
  });

  it('reads deep paths', () => {
    expect(readClaim({ a: { b: { c: ['x'] } } }, 'a.b.c')).toEqual(['x']);
    expect(readClaim({ a: { b: 1 } }, 'a.b.c')).toBeUndefined();
  });

  it('does not index into arrays', () => {
    const claims = { roles: ['admin'] };
    expect(readClaim(claims, 'roles.0')).toBeUndefined();
    expect(readClaim(claims, 'roles.length')).toBeUndefined();
  });

  it.each([
    '__proto__',
    '__proto__.x',
    'constructor',
    'constructor.name',
    'toString',
    'hasOwnProperty',
    'a.__proto__',
    'a.constructor.name',
  ])('does not read the inherited %s', (path) => {
    expect(readClaim({ a: { b: 1 } }, path)).toBeUndefined();
  });

  it('does not read properties a claim inherits from its prototype', () => {
    const claims = { realm_access: Object.create({ roles: ['admin'] }) as object };
    expect(readClaim(claims, 'realm_access.roles')).toBeUndefined();
    const inheriting = Object.create({ roles: ['admin'], scope: 'admin' }) as AccessTokenClaims;
    expect(readClaim(inheriting, 'roles')).toBeUndefined();
    const principal = mapPrincipal(Object.assign(inheriting, BASE), CLAIM_PRESETS.generic);
    expect(principal.roles.size).toBe(0);
    expect(principal.scopes.size).toBe(0);
  });

  it('a mapping pointing at a prototype path gives nothing', () => {
    const mapping = resolveClaimMapping({
      roles: ['__proto__', 'constructor.name'],
      clientId: ['constructor.name'],
    });
    const principal = mapPrincipal({ ...BASE }, mapping);
    expect(principal.roles.size).toBe(0);
    expect(readClientId({ ...BASE }, mapping)).toBeUndefined();
  });
});

describe('resolveClaimMapping', () => {
  it('defaults to the generic preset', () => {
    expect(resolveClaimMapping(undefined)).toBe(CLAIM_PRESETS.generic);
  });

  it.each(Object.keys(CLAIM_PRESETS) as ClaimPresetName[])(
    'resolves the preset name %s',
    (name) => {
      expect(resolveClaimMapping(name)).toBe(CLAIM_PRESETS[name]);
    },
  );

  it('refines a preset with the given paths only', () => {
    const mapping = resolveClaimMapping({
      preset: 'keycloak',
      roles: ['resource_access.api.roles'],
      scopes: undefined,
    });
    expect(mapping).toEqual({ ...CLAIM_PRESETS.keycloak, roles: ['resource_access.api.roles'] });
  });

  it('refines the generic preset when none is named', () => {
    const mapping = resolveClaimMapping({ permissions: ['perms'] });
    expect(mapping).toEqual({ ...CLAIM_PRESETS.generic, permissions: ['perms'] });
  });
});
