// Type tests: compiled by `tsc -p tsconfig.json --noEmit` (npm run typecheck, run by CI), never
// run by Jest (@swc/jest strips types without checking them). Each line under a
// ts-expect-error comment must fail to compile; if a type gets looser, the directive is
// unused and the compilation fails.
import { subject } from '@casl/ability';
import { Can } from '../decorators/can.decorator';
import { Owns, type OwnsOptions } from '../decorators/owns.decorator';
import type { PortcullisOptions } from '../options/portcullis-options';
import { appPolicy, userRecord, type AppAbility } from '../policy/app-policy.fixture';
import { assertCan, assertFields } from './assert-can';

type Equals<X, Y> =
  (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
const assertType = <T extends true>(value: T): T => value;

export function decorators(): void {
  Can<AppAbility>('read', 'User');
  Can<AppAbility>('update', 'User', 'plan');
  // @ts-expect-error 'fly' is not an action of AppAbility
  Can<AppAbility>('fly', 'User');
  // @ts-expect-error 'Account' is not a subject of AppAbility
  Can<AppAbility>('read', 'Account');
  // @ts-expect-error a field is a string
  Can<AppAbility>('read', 'User', 42);

  Owns<AppAbility>('Note', { action: 'delete', hide: true, fields: 'body', param: 'noteId' });
  // @ts-expect-error 'Account' is not a subject of AppAbility
  Owns<AppAbility>('Account');
  // @ts-expect-error 'fly' is not an action of AppAbility
  Owns<AppAbility>('User', { action: 'fly' });
  // @ts-expect-error fields is 'body' or false
  Owns<AppAbility>('User', { fields: ['name'] });
  assertType<Equals<OwnsOptions['action'], string | undefined>>(true);
}

export function helpers(ability: AppAbility): void {
  const alice = subject('User', userRecord('alice'));
  assertCan(ability, 'update', alice, 'name');
  assertCan(ability, 'read', 'Note');
  // @ts-expect-error 'fly' is not an action of AppAbility
  assertCan(ability, 'fly', 'User');
  // @ts-expect-error 'Account' is not a subject of AppAbility
  assertCan(ability, 'read', 'Account');
  // @ts-expect-error a record tagged with another subject type
  assertCan(ability, 'read', subject('Account', { id: '1' }));
  // @ts-expect-error an untagged record: CASL could not tell its subject type
  assertCan(ability, 'read', userRecord('alice'));

  assertFields(ability, 'update', alice, ['name', 'email']);
  assertFields(ability, 'update', alice, new Set(['name']));
  // @ts-expect-error an untagged record
  assertFields(ability, 'update', userRecord('alice'), ['name']);
  // @ts-expect-error fields are strings
  assertFields(ability, 'update', alice, [1]);
  // @ts-expect-error 'fly' is not an action of AppAbility
  assertFields(ability, 'fly', alice, ['name']);
}

export function options(): PortcullisOptions {
  return {
    issuer: 'https://issuer.test/',
    audience: 'api',
    policy: appPolicy,
    abilityCache: { maxEntries: 100 },
    permissionsProvider: { useExisting: 'STORE', ttlSeconds: 30 },
    strictRoutes: true,
  };
}

export function badOptions(): PortcullisOptions {
  return {
    issuer: 'https://issuer.test/',
    audience: 'api',
    // @ts-expect-error a policy comes from definePolicy(), not a list of rules
    policy: [{ action: 'read', subject: 'User' }],
    // @ts-expect-error strictRoutes is a boolean
    strictRoutes: 'yes',
  };
}
