export type { ActionOf, SubjectTypeOf } from './ability-types';
export { accessibleQuery } from './accessible-query';
export type { AccessQuery } from './accessible-query';
export { check } from './check';
export type { DenialKind, PolicyDecision } from './check';
export { permittedItems, forbiddenFields } from './permitted';
export { definePolicy } from './policy-definition';
export type {
  DefineRules,
  PermissionDefinition,
  PolicyDefinition,
  RoleDefinition,
  RuleBuilder,
  RulePrincipal,
  ScopedRules,
  ScopeRequirement,
} from './policy-definition';
export { PolicyDefinitionError } from './policy-definition.error';
export { PolicyEngine } from './policy-engine';
export type { PolicyEngineOptions } from './policy-engine';
export { ruleSourceOf } from './rule-sources';
