import { subject } from '@casl/ability';
import fc from 'fast-check';
import { check, PolicyEngine, type Principal } from 'nest-portcullis';
import {
  expectedDecision,
  notesPolicy,
  type Caller,
  type NotesAbility,
  type Question,
} from './support/notes-policy';
import { checkProperty, timeoutFor } from './support/properties';

const SUBS = ['alice', 'bob', 'reporting-app'];
// Exact names, and near misses that must never count for them.
const SCOPES = ['read:notes', 'write:notes', 'admin', 'read:reports', 'read:notes_all', 'Admin'];
const PERMISSIONS = ['read:notes', 'edit:notes', 'delete:notes', 'read:reports', 'edit:notes '];
const ROLES = ['editor', 'admin', 'auditor', 'superadmin', 'Admin', 'constructor', '__proto__'];

const caller: fc.Arbitrary<Caller & { extra: string[] }> = fc.record({
  kind: fc.constantFrom<'user' | 'client'>('user', 'client'),
  sub: fc.constantFrom(...SUBS),
  scopes: fc.subarray(SCOPES),
  permissions: fc.subarray(PERMISSIONS),
  extra: fc.subarray(PERMISSIONS, { maxLength: 2 }),
  roles: fc.subarray(ROLES, { maxLength: 3 }),
});

const question: fc.Arbitrary<Question> = fc.oneof(
  fc.record({
    action: fc.constantFrom<Question['action']>('read', 'update', 'delete'),
    subjectType: fc.constant<'Note'>('Note'),
    record: fc.option(
      fc.record({
        id: fc.constant('n1'),
        ownerId: fc.constantFrom(...SUBS),
        archived: fc.boolean(),
      }),
      { nil: undefined },
    ),
    field: fc.constantFrom(undefined, 'title', 'body', 'ownerId'),
  }),
  fc.record({
    action: fc.constantFrom<Question['action']>('read', 'update', 'delete'),
    subjectType: fc.constant<'Report'>('Report'),
    record: fc.option(fc.constant({ id: 'r1' }), { nil: undefined }),
    field: fc.constant(undefined),
  }),
);

/** A principal as the token layer builds it (frozen, sets of strings). */
function principalOf(c: Caller): Principal {
  return Object.freeze({
    sub: c.sub,
    kind: c.kind,
    clientId: 'web-app',
    issuer: 'https://issuer.example.test/',
    scopes: new Set(c.scopes),
    permissions: new Set(c.permissions),
    roles: new Set(c.roles),
    expiresAt: 4_102_444_800,
    claims: Object.freeze({}),
  });
}

// For any caller and any question, the ability PolicyEngine builds (and caches) answers as
// the policy's plain-logic statement does, through `ability.can` and through `check()`.
describe('policy decisions (property)', () => {
  it(
    'equals the oracle: scope AND (permission, role or ownership)',
    async () => {
      // One engine for every run, with a small cache: abilities are built, evicted and reused.
      const engine = new PolicyEngine(notesPolicy, { maxCachedAbilities: 8 });
      await checkProperty(
        fc.asyncProperty(caller, question, async (c, q) => {
          const ability: NotesAbility = engine.abilityFor(principalOf(c), c.extra);
          const expected = expectedDecision(
            { ...c, permissions: [...c.permissions, ...c.extra] },
            q,
          );
          const target =
            q.record === undefined ? q.subjectType : subject(q.subjectType, { ...q.record });
          const decision = check(ability, q.action, q.subjectType, q.record, q.field);
          expect({
            can: ability.can(q.action, target as never, q.field),
            check: decision.allowed,
          }).toEqual({ can: expected, check: expected });
        }),
        2000,
      );
    },
    timeoutFor(2000),
  );
});
