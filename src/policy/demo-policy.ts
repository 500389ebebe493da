import { definePolicy } from 'nest-portcullis';
import type { DemoAbility } from './demo-ability';

/**
 * The demo's whole authorization policy. Each group of rules applies only while the
 * token holds its scope: scopes say what the client may do, and the rest what the caller may.
 *
 * - every signed-in user: read and update (`name`, `email`) their own user; create notes;
 *   read, update and delete their own notes;
 * - permission `read:users`: read any user;
 * - role `support`: read any user and any note; role `admin`: everything, `plan` included;
 * - a client-credentials token: with `read:users`, read any user; it owns nothing.
 *
 * The permission and the roles reach users only (no `appliesTo`), and the `user` rules never
 * reach a client: a client token carrying `roles: ["admin"]`, or whose `sub` equals a user's
 * id, still gets only the `client` rules.
 */
export const demoPolicy = definePolicy<DemoAbility>({
  permissions: {
    'read:users': { scope: 'read:users', rules: ({ can }) => can('read', 'User') },
  },
  roles: {
    support: {
      rules: [
        { scope: 'read:users', rules: ({ can }) => can('read', 'User') },
        { scope: 'read:notes', rules: ({ can }) => can('read', 'Note') },
      ],
    },
    admin: {
      rules: [
        { scope: 'read:users', rules: ({ can }) => can('read', 'User') },
        { scope: 'write:users', rules: ({ can }) => can(['create', 'update', 'delete'], 'User') },
        { scope: 'read:notes', rules: ({ can }) => can('read', 'Note') },
        { scope: 'write:notes', rules: ({ can }) => can(['create', 'update', 'delete'], 'Note') },
      ],
    },
  },
  user: [
    { scope: 'read:users', rules: ({ can }, p) => can('read', 'User', { id: p.sub }) },
    {
      scope: 'write:users',
      rules: ({ can }, p) => can('update', 'User', ['name', 'email'], { id: p.sub }),
    },
    { scope: 'read:notes', rules: ({ can }, p) => can('read', 'Note', { ownerId: p.sub }) },
    {
      scope: 'write:notes',
      rules: ({ can }, p) => can(['create', 'update', 'delete'], 'Note', { ownerId: p.sub }),
    },
  ],
  client: [{ scope: 'read:users', rules: ({ can }) => can('read', 'User') }],
});
