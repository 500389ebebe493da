import { subject } from '@casl/ability';
import { AccessDeniedException } from '../errors/portcullis.exceptions';
import { appPolicy, principal, userRecord } from '../policy/app-policy.fixture';
import { PolicyEngine } from '../policy/policy-engine';
import { assertCan, assertFields } from './assert-can';

const engine = new PolicyEngine(appPolicy);
const owner = engine.abilityFor(principal({ sub: 'alice', scopes: ['read:users', 'write:users'] }));
const alice = subject('User', userRecord('alice'));
const bob = subject('User', userRecord('bob'));

const outcome = (run: () => void): number => {
  try {
    run();
    return 200;
  } catch (error) {
    if (error instanceof AccessDeniedException) return error.getStatus();
    throw error;
  }
};

describe('assertCan', () => {
  it.each([
    ['a subject type with a rule', () => assertCan(owner, 'read', 'User'), 200],
    ['a subject type without one', () => assertCan(owner, 'delete', 'User'), 403],
    ['their own record', () => assertCan(owner, 'update', alice), 200],
    ["another user's record", () => assertCan(owner, 'update', bob), 403],
    ['a permitted field', () => assertCan(owner, 'update', alice, 'email'), 200],
    ['a field outside their rules', () => assertCan(owner, 'update', alice, 'plan'), 403],
  ])('%s: %s', (_, run, status) => {
    expect(outcome(run)).toBe(status);
  });

  it('answers with the stable code and a short message', () => {
    expect(() => assertCan(owner, 'delete', 'User')).toThrow(
      expect.objectContaining({ code: 'PORTCULLIS_FORBIDDEN' }),
    );
  });
});

describe('assertFields', () => {
  it.each([
    [['name', 'email'], alice, 200],
    [[], alice, 200],
    [['name', 'plan'], alice, 403],
    [['name'], bob, 403],
    [new Set(['email']), alice, 200],
  ])('fields %j: %s', (fields, record, status) => {
    expect(outcome(() => assertFields(owner, 'update', record, fields))).toBe(status);
  });
});
