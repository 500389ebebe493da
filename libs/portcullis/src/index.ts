export { PortcullisModule } from './portcullis.module';
export {
  PORTCULLIS_OPTIONS,
  PORTCULLIS_OPTIONS_TYPE,
  PORTCULLIS_ASYNC_OPTIONS_TYPE,
} from './portcullis.module-definition';
export { ASYMMETRIC_ALGORITHMS } from './portcullis.options';
export type {
  AbilityCacheOptions,
  AnyPolicyDefinition,
  AsymmetricAlgorithm,
  KeySourceOptions,
  PermissionsProviderOptions,
  PortcullisOptions,
  TokenCacheOptions,
  TrustedIssuer,
} from './portcullis.options';
export { PortcullisConfigError, resolvePortcullisOptions } from './portcullis-options.validation';
export type { ResolvedPortcullisOptions } from './portcullis-options.validation';
export {
  PORTCULLIS_AUTHORIZATION_OPTIONS,
  PORTCULLIS_RESOLVED_OPTIONS,
} from './portcullis.constants';

export { Public, IS_PUBLIC } from './decorators/public.decorator';
export { CurrentPrincipal } from './decorators/current-principal.decorator';
export { Authenticated, IS_AUTHENTICATED } from './decorators/authenticated.decorator';
export { Scopes, AnyScopes, SCOPE_REQUIREMENTS } from './decorators/scopes.decorator';
export { Can, CAN_REQUIREMENTS } from './decorators/can.decorator';
export type { CanRequirement } from './decorators/can.decorator';
export { Owns, OWNS_REQUIREMENT } from './decorators/owns.decorator';
export type { OwnsOptions, OwnsRequirement } from './decorators/owns.decorator';
export { CurrentAbility } from './decorators/current-ability.decorator';
export { Resource } from './decorators/resource.decorator';
export { LoadsResource } from './decorators/loads-resource.decorator';
export { PortcullisGuard } from './guards/portcullis.guard';
export type { PortcullisTransport } from './guards/transport';
export { httpTransport } from './guards/transport';

export { AbilityResolver } from './authorization/ability-resolver';
export { assertCan, assertFields } from './authorization/assert-can';
export type { SubjectOrInstance } from './authorization/assert-can';
export { resolveAuthorizationOptions } from './authorization/authorization-options.validation';
export type { ResolvedAuthorizationOptions } from './authorization/authorization-options.validation';
export type { PermissionsProvider } from './authorization/permissions-provider';
export { abilityOf, resourceOf } from './authorization/request-authorization';
export type { ResourceLoadContext, ResourceLoader } from './authorization/resource-loader';
export { RouteAudit } from './authorization/route-audit';
export type { RouteAuditOptions } from './authorization/route-audit';
export type { RouteAccess, RouteRequirement } from './authorization/route-requirement';
export { subject } from '@casl/ability';
// The CASL types a policy is written with, so an app needs no import of its own from CASL.
export type { ForcedSubject, MongoAbility } from '@casl/ability';

export {
  PolicyDefinitionError,
  PolicyEngine,
  accessibleQuery,
  check,
  definePolicy,
  forbiddenFields,
  permittedItems,
  ruleSourceOf,
} from './policy';
export type {
  AccessQuery,
  ActionOf,
  DefineRules,
  DenialKind,
  PermissionDefinition,
  PolicyDecision,
  PolicyDefinition,
  PolicyEngineOptions,
  RoleDefinition,
  RuleBuilder,
  RulePrincipal,
  ScopeRequirement,
  ScopedRules,
  SubjectTypeOf,
} from './policy';

export type { AccessTokenClaims, Principal, PrincipalKind } from './principal/principal';
export { principalOf } from './principal/request-principal';

export { PortcullisErrorCode } from './errors/portcullis-error-codes';
export {
  AccessDeniedException,
  InsufficientScopeException,
  InvalidRequestException,
  InvalidTokenException,
  KeysUnavailableException,
  MissingTokenException,
  PermissionsUnavailableException,
  PortcullisException,
  ResourceNotFoundException,
} from './errors/portcullis.exceptions';
export type { PortcullisErrorBody } from './errors/portcullis.exceptions';

export { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth, valueExceedsDepth } from './http/json-depth';
export { jsonDepthParser, jsonDepthVerifier } from './http/body-depth';
export { logSafe } from './common/log-safe';
export type { JsonBodyVerifier, ParserDone } from './http/body-depth';

export { AccessTokenAuthenticator } from './token/access-token.authenticator';
export { CLAIM_PRESETS } from './token/claim-presets';
export type {
  ClaimKeysPath,
  ClaimMapping,
  ClaimPath,
  ClaimPresetName,
} from './token/claim-presets';
