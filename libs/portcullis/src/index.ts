// The public surface of nest-portcullis, grouped by what an app does with it. Anything not
// exported here (metadata keys, injection tokens, option resolution, the context layer) is
// internal and may change in any release.

// --- Install the module, and configure it -------------------------------------------------
export { PortcullisModule } from './portcullis.module';
export { ASYMMETRIC_ALGORITHMS } from './options/portcullis-options';
export type {
  AbilityCacheOptions,
  AnyPolicyDefinition,
  AsymmetricAlgorithm,
  KeySourceOptions,
  PermissionsProviderOptions,
  PortcullisOptions,
  TokenCacheOptions,
  TrustedIssuer,
} from './options/portcullis-options';
export { CLAIM_PRESETS } from './token/claim-presets';
export type {
  ClaimKeysPath,
  ClaimMapping,
  ClaimPath,
  ClaimPresetName,
} from './token/claim-presets';

// --- Declare what a route needs ------------------------------------------------------------
export { Public } from './decorators/public.decorator';
export { Authenticated } from './decorators/authenticated.decorator';
export { Scopes, AnyScopes } from './decorators/scopes.decorator';
export { Can } from './decorators/can.decorator';
export type { CanRequirement } from './decorators/can.decorator';
export { Owns } from './decorators/owns.decorator';
export type { OwnsOptions, OwnsRequirement } from './decorators/owns.decorator';
export { LoadsResource } from './decorators/loads-resource.decorator';
export type { ResourceLoadContext, ResourceLoader } from './authorization/resource-loader';

// --- Read the caller in a handler ----------------------------------------------------------
export { CurrentPrincipal } from './decorators/current-principal.decorator';
export { CurrentAbility } from './decorators/current-ability.decorator';
export { Resource } from './decorators/resource.decorator';
export { principalOf } from './context/call-state';

// --- Write the policy, and check it in code --------------------------------------------------
export {
  PolicyDefinitionError,
  PolicyEngine,
  accessibleQuery,
  check,
  definePolicy,
  forbiddenFields,
  permittedItems,
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
export type { PermissionsProvider } from './policy/permissions-provider';
export { assertCan, assertFields } from './authorization/assert-can';
export type { SubjectOrInstance } from './authorization/assert-can';
export { subject } from '@casl/ability';
// The CASL types a policy is written with, so an app needs no import of its own from CASL.
export type { ForcedSubject, MongoAbility } from '@casl/ability';

// --- Serve GraphQL (no GraphQL package is imported: an HTTP-only app needs none) ----------
export { PortcullisGraphQLModule } from './graphql/portcullis-graphql.module';
export type { PortcullisGraphQLOptions } from './graphql/portcullis-graphql.module';
export { PortcullisGraphQL } from './graphql/portcullis-graphql.service';
export { readableBy } from './graphql/readable-by';
export { PortcullisGraphQLError } from './context/graphql-refusal';
export type { GraphQLRefusalCode, GraphQLRefusalExtensions } from './context/graphql-refusal';

// --- Use the module's services from the app ------------------------------------------------
export { PortcullisGuard } from './guards/portcullis.guard';
export { AccessTokenAuthenticator } from './token/access-token.authenticator';
export { AbilityResolver } from './authorization/ability-resolver';
export { RouteAudit } from './authorization/route-audit';
export type { RouteAuditOptions } from './authorization/route-audit';
export type { RouteAccess, RouteRequirement } from './authorization/route-requirement';

// --- Bound request bodies (JSON depth) -----------------------------------------------------
export { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth, valueExceedsDepth } from './http/json-depth';
export { jsonDepthParser, jsonDepthVerifier } from './http/body-depth';
export type { JsonBodyVerifier, ParserDone } from './http/body-depth';
export { logSafe } from './common/log-safe';

// --- Errors: refusals (RFC 6750) and boot errors -------------------------------------------
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
export type { PortcullisErrorBody, RefusalDetails } from './errors/portcullis.exceptions';
export { PortcullisConfigError } from './errors/portcullis-config.error';

// --- Types of the caller -------------------------------------------------------------------
export type { AccessTokenClaims, Principal, PrincipalKind } from './principal/principal';
