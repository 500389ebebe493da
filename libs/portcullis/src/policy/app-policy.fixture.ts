// Test fixture shared by the policy specs: a small app policy and a principal factory.
import type { ForcedSubject, MongoAbility } from '@casl/ability';
import type { Principal, PrincipalKind } from '../principal/principal';
import { definePolicy } from './policy-definition';

export type Action = 'read' | 'update' | 'delete';

/** A stored user record, as a handler would load it. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
  plan: string;
}

/** A note, owned by a user. */
export interface NoteRecord {
  id: string;
  ownerId: string;
}

// Tagged record types let CASL type each subject's conditions (a bare 'User' gives `never`).
type Subjects =
  'User' | (UserRecord & ForcedSubject<'User'>) | 'Note' | (NoteRecord & ForcedSubject<'Note'>);
export type AppAbility = MongoAbility<[Action, Subjects]>;

export const appPolicy = definePolicy<AppAbility>({
  permissions: {
    'read:users': { rules: ({ can }) => can('read', 'User') },
    'write:users': { rules: ({ can }) => can('update', 'User', ['name', 'email']) },
    'delete:users': { rules: ({ can }) => can('delete', 'User') },
    'manage:billing': { scope: 'write:users', rules: ({ can }) => can('update', 'User', ['plan']) },
    'read:notes': { rules: ({ can }) => can('read', 'Note') },
  },
  roles: {
    support: ['read:users', 'read:notes'],
    'users-admin': ['read:users', 'write:users', 'delete:users'],
    admin: {
      permissions: ['read:users', 'delete:users', 'manage:billing'],
      rules: [{ scope: 'write:users', rules: ({ can }) => can('update', 'User') }],
    },
  },
  user: [
    { scope: 'read:users', rules: ({ can }, p) => can('read', 'User', { id: p.sub }) },
    {
      scope: 'write:users',
      rules: ({ can }, p) => can('update', 'User', ['name', 'email'], { id: p.sub }),
    },
  ],
  client: [{ scope: 'read:users', rules: ({ can }) => can('read', 'User') }],
});

/**
 * {@link appPolicy} with its three `*:users` permissions and the role `users-admin` opted in
 * for client-credentials tokens (`appliesTo`); `admin` and the rest still reach users only.
 */
export const clientOptInPolicy = definePolicy<AppAbility>({
  ...appPolicy,
  permissions: {
    ...appPolicy.permissions,
    'read:users': { appliesTo: ['user', 'client'], rules: ({ can }) => can('read', 'User') },
    'write:users': {
      appliesTo: ['user', 'client'],
      rules: ({ can }) => can('update', 'User', ['name', 'email']),
    },
    'delete:users': { appliesTo: ['user', 'client'], rules: ({ can }) => can('delete', 'User') },
  },
  roles: {
    ...appPolicy.roles,
    'users-admin': {
      appliesTo: ['user', 'client'],
      permissions: ['read:users', 'write:users', 'delete:users'],
    },
  },
});

/** Claims of a test principal; everything optional. */
export interface PrincipalClaims {
  sub?: string;
  kind?: PrincipalKind;
  scopes?: readonly string[];
  permissions?: readonly string[];
  roles?: readonly string[];
}

/** A frozen principal, as the token layer would build it. */
export function principal(claims: PrincipalClaims = {}): Principal {
  const kind = claims.kind ?? 'user';
  return Object.freeze({
    sub: claims.sub ?? (kind === 'user' ? 'alice' : 'billing-app'),
    kind,
    clientId: 'web-app',
    issuer: 'https://issuer.test/',
    scopes: new Set(claims.scopes ?? []),
    permissions: new Set(claims.permissions ?? []),
    roles: new Set(claims.roles ?? []),
    expiresAt: 4_102_444_800,
    claims: Object.freeze({}),
  });
}

/** A user record with the given id. */
export function userRecord(id: string): UserRecord {
  return { id, name: `name of ${id}`, email: `${id}@example.test`, plan: 'free' };
}
