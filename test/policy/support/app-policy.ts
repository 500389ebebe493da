import type { ForcedSubject, MongoAbility } from '@casl/ability';
import { definePolicy } from 'nest-portcullis';

/** What callers do to records. */
export type Action = 'read' | 'create' | 'update' | 'delete';

/** A user of the in-memory app. */
export interface User {
  id: string;
  name: string;
  email: string;
  plan: string;
}

/** A note, owned by a user. */
export interface Note {
  id: string;
  ownerId: string;
  text: string;
}

type Subjects = 'User' | (User & ForcedSubject<'User'>) | 'Note' | (Note & ForcedSubject<'Note'>);

/** The app's ability type: actions and subjects are checked by the compiler. */
export type AppAbility = MongoAbility<[Action, Subjects]>;

/**
 * Users read and edit themselves (name and email) and their notes; `read:users` reads every
 * user; admins change every field of every user (plan included) and every note. Clients
 * read users with the scope, nothing else. Each permission needs the scope of its name.
 */
export const appPolicy = definePolicy<AppAbility>({
  permissions: {
    'read:users': { rules: ({ can }) => can('read', 'User') },
    'manage:billing': { scope: 'write:users', rules: ({ can }) => can('update', 'User', ['plan']) },
    'read:notes': { rules: ({ can }) => can('read', 'Note') },
  },
  roles: {
    admin: {
      permissions: ['read:users', 'manage:billing', 'read:notes'],
      rules: [
        { scope: 'write:users', rules: ({ can }) => can('update', 'User') },
        { scope: 'write:notes', rules: ({ can }) => can(['update', 'delete'], 'Note') },
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
