import type { ForcedSubject, MongoAbility } from '@casl/ability';
import { definePolicy } from 'nest-portcullis';

/** The actions of the hardening policy. */
export type NoteAction = 'read' | 'update' | 'delete';

/** A note, owned by a user; archived notes cannot be deleted by their owner. */
export interface Note {
  id: string;
  ownerId: string;
  archived: boolean;
}

/** A report: only the `read:reports` permission reads it. */
export interface Report {
  id: string;
}

type Subjects =
  'Note' | (Note & ForcedSubject<'Note'>) | 'Report' | (Report & ForcedSubject<'Report'>);

/** The ability type of the hardening policy. */
export type NotesAbility = MongoAbility<[NoteAction, Subjects]>;

/**
 * A policy of the usual shape: ownership for users, read-only for clients, permissions
 * bundled in roles, a role with rules of its own, and one `cannot` that needs no scope.
 * Two grants opt clients in (`appliesTo`): the permission `read:reports` (users and clients)
 * and the role `auditor` (clients only), which bundles a permission that reaches users only.
 * {@link expectedDecision} states it again as plain boolean logic.
 */
export const notesPolicy = definePolicy<NotesAbility>({
  permissions: {
    'read:notes': { rules: ({ can }) => can('read', 'Note') },
    'edit:notes': {
      scope: 'write:notes',
      rules: ({ can }) => can('update', 'Note', ['title', 'body']),
    },
    'delete:notes': { scope: ['write:notes', 'admin'], rules: ({ can }) => can('delete', 'Note') },
    'read:reports': { appliesTo: ['user', 'client'], rules: ({ can }) => can('read', 'Report') },
  },
  roles: {
    editor: ['read:notes', 'edit:notes'],
    admin: {
      permissions: ['read:notes', 'delete:notes', 'read:reports'],
      rules: [{ scope: 'admin', rules: ({ can }) => can('update', 'Note') }],
    },
    auditor: {
      appliesTo: ['client'],
      permissions: ['read:notes', 'read:reports'],
      rules: [
        { scope: 'read:reports', rules: ({ can }) => can('read', 'Note', { archived: true }) },
      ],
    },
  },
  user: [
    { scope: 'read:notes', rules: ({ can }, p) => can('read', 'Note', { ownerId: p.sub }) },
    {
      scope: 'write:notes',
      rules: ({ can }, p) => {
        can('update', 'Note', ['title', 'body'], { ownerId: p.sub });
        can('delete', 'Note', { ownerId: p.sub });
      },
    },
    { scope: null, rules: ({ cannot }) => cannot('delete', 'Note', { archived: true }) },
  ],
  client: [{ scope: 'read:notes', rules: ({ can }) => can('read', 'Note') }],
});

/** Who asks, as the oracle sees it. */
export interface Caller {
  kind: 'user' | 'client';
  sub: string;
  scopes: readonly string[];
  /** Permissions from the token and from a store lookup together. */
  permissions: readonly string[];
  roles: readonly string[];
}

/** What is asked: an action on a type, or on one record, maybe on one field. */
export interface Question {
  action: NoteAction;
  subjectType: 'Note' | 'Report';
  /** Undefined: the question is about the type ("may it ever..."). */
  record: Note | Report | undefined;
  field: string | undefined;
}

/** Who each permission reaches: users only, but for the one that opts clients in. */
const PERMISSION_REACHES_CLIENTS: Readonly<Record<string, boolean>> = {
  'read:notes': false,
  'edit:notes': false,
  'delete:notes': false,
  'read:reports': true,
};

/** Each role: whether users and clients get it, and the permissions it bundles. */
const ROLES: Readonly<Record<string, { users: boolean; clients: boolean; permissions: string[] }>> =
  {
    editor: { users: true, clients: false, permissions: ['read:notes', 'edit:notes'] },
    admin: {
      users: true,
      clients: false,
      permissions: ['read:notes', 'delete:notes', 'read:reports'],
    },
    auditor: { users: false, clients: true, permissions: ['read:notes', 'read:reports'] },
  };

/**
 * The policy as plain logic: each grant needs its scope AND (the permission, through the
 * token, a role or a store) or (ownership of the record). A client owns nothing, and gets a
 * role or a permission only where the policy opts clients in (through a role, both must).
 * Rules are applied in the definition's order, so the owner's `cannot delete archived` loses
 * to a later permission.
 */
export function expectedDecision(caller: Caller, q: Question): boolean {
  const scope = (...names: string[]): boolean => names.some((n) => caller.scopes.includes(n));
  const user = caller.kind === 'user';
  const reaches = (name: string): boolean =>
    Object.hasOwn(PERMISSION_REACHES_CLIENTS, name) && (user || PERMISSION_REACHES_CLIENTS[name]);
  const role = (name: string): boolean =>
    caller.roles.includes(name) && (user ? ROLES[name].users : ROLES[name].clients);
  const held = new Set(caller.permissions.filter(reaches));
  for (const name of Object.keys(ROLES)) {
    if (role(name)) ROLES[name].permissions.filter(reaches).forEach((p) => held.add(p));
  }
  const permission = (name: string): boolean => held.has(name);
  const note = q.record as Note | undefined;
  // Conditions hold for a record that meets them; for a type, a conditional `can` counts.
  const owns = note === undefined || note.ownerId === caller.sub;
  const archived = note !== undefined && note.archived;
  const contentField = q.field === undefined || q.field === 'title' || q.field === 'body';

  if (q.subjectType === 'Report') {
    return q.action === 'read' && permission('read:reports') && scope('read:reports');
  }
  switch (q.action) {
    case 'read':
      return (
        (user && scope('read:notes') && owns) ||
        (!user && scope('read:notes')) ||
        (permission('read:notes') && scope('read:notes')) ||
        (role('auditor') && scope('read:reports') && (note === undefined || note.archived))
      );
    case 'update':
      return (
        (user && scope('write:notes') && owns && contentField) ||
        (permission('edit:notes') && scope('write:notes') && contentField) ||
        (role('admin') && scope('admin'))
      );
    case 'delete':
      return (
        (permission('delete:notes') && scope('write:notes', 'admin')) ||
        (user && scope('write:notes') && owns && !archived)
      );
  }
}
