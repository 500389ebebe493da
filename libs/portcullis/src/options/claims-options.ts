import { PortcullisConfigError } from '../errors/portcullis-config.error';
import {
  CLAIM_PRESETS,
  resolveClaimMapping,
  type ClaimMapping,
  type ResolvedClaimMapping,
} from '../token/claim-presets';
import type { PortcullisOptions } from './portcullis-options';

/** A plain object, whatever its keys (narrows to `object`, not to a record). */
const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPath = (path: unknown): boolean => typeof path === 'string' && path !== '';

/** A path of a list claim: a claim name or dotted path, or `{ keysOf }` with nothing else. */
const isListPath = (path: unknown): boolean =>
  isPath(path) ||
  (isObject(path) &&
    Object.keys(path).length === 1 &&
    isPath((path as { keysOf?: unknown }).keysOf));

/** The mapping fields that are not lists of paths. */
function checkMappingRules(claims: ClaimMapping): void {
  const { audienceClaim, requiredValues, isClientToken, requireClientId } = claims as Record<
    string,
    unknown
  >;
  if (requireClientId !== undefined && typeof requireClientId !== 'boolean') {
    throw new PortcullisConfigError('claims.requireClientId', 'must be true or false');
  }
  if (audienceClaim !== undefined && (typeof audienceClaim !== 'string' || audienceClaim === '')) {
    throw new PortcullisConfigError('claims.audienceClaim', 'must be a claim name or dotted path');
  }
  const values = isObject(requiredValues) ? Object.values(requiredValues) : [undefined];
  if (requiredValues !== undefined && !values.every((v) => typeof v === 'string')) {
    throw new PortcullisConfigError(
      'claims.requiredValues',
      'must map claim names to string values',
    );
  }
  if (isClientToken !== undefined && typeof isClientToken !== 'function') {
    throw new PortcullisConfigError('claims.isClientToken', 'must be a function');
  }
}

/** The claim mapping (`claims`): a preset, or paths checked one by one. */
export function resolveMapping(claims: PortcullisOptions['claims']): ResolvedClaimMapping {
  if (claims !== undefined && typeof claims !== 'string' && !isObject(claims)) {
    throw new PortcullisConfigError('claims', 'must be a preset name or a mapping object');
  }
  const preset = typeof claims === 'string' ? claims : claims?.preset;
  // Own keys only: `'toString' in CLAIM_PRESETS` is true.
  if (preset !== undefined && !Object.hasOwn(CLAIM_PRESETS, preset)) {
    throw new PortcullisConfigError(
      typeof claims === 'string' ? 'claims' : 'claims.preset',
      `must be one of ${Object.keys(CLAIM_PRESETS).join(', ')}, got ${JSON.stringify(preset)}`,
    );
  }
  if (isObject(claims)) {
    for (const key of ['scopes', 'permissions', 'roles', 'clientId'] as const) {
      const paths: unknown = claims[key];
      const valid = key === 'clientId' ? isPath : isListPath;
      if (paths !== undefined && (!Array.isArray(paths) || !paths.every(valid))) {
        throw new PortcullisConfigError(
          `claims.${key}`,
          key === 'clientId'
            ? 'must be a list of claim names or dotted paths'
            : 'must be a list of claim names, dotted paths or { keysOf: path }',
        );
      }
    }
    checkMappingRules(claims);
  }
  const mapping = resolveClaimMapping(claims);
  if (mapping.requireClientId && mapping.clientId.length === 0) {
    // Every token would be refused.
    throw new PortcullisConfigError(
      'claims.requireClientId',
      'needs at least one claims.clientId path to read the client from',
    );
  }
  return mapping;
}
