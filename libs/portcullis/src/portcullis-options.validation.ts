import {
  ASYMMETRIC_ALGORITHMS,
  type PortcullisOptions,
  type TrustedIssuer,
} from './portcullis.options';
import {
  CLAIM_PRESETS,
  resolveClaimMapping,
  type ClaimMapping,
  type ResolvedClaimMapping,
} from './token/claim-presets';
import type { KeySourceLimits } from './token/jwks-key-source';

/**
 * Thrown at boot when an option is wrong (the message names the option), or when routes,
 * loaders or the policy do not fit together (the message names the routes).
 */
export class PortcullisConfigError extends Error {
  override readonly name = 'PortcullisConfigError';
  /**
   * @param option the option at fault; or, without `problem`, the whole message
   * @param problem what is wrong with it
   */
  constructor(option: string, problem?: string) {
    super(problem === undefined ? option : `PortcullisModule option "${option}" ${problem}`);
  }
}

/** Options checked and filled in with their defaults. */
export interface ResolvedPortcullisOptions {
  readonly issuers: readonly TrustedIssuer[];
  readonly audiences: ReadonlySet<string>;
  readonly algorithms: ReadonlySet<string>;
  readonly clockToleranceSeconds: number;
  readonly strict: boolean;
  readonly realm: string;
  readonly mapping: ResolvedClaimMapping;
  readonly keyLimits: KeySourceLimits;
  readonly tokenCache: { readonly maxEntries: number; readonly maxAgeMs: number } | false;
}

function httpUrl(option: string, value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new PortcullisConfigError(
      option,
      `must be an absolute URL, got ${JSON.stringify(value)}`,
    );
  }
  const { protocol } = new URL(value);
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new PortcullisConfigError(option, `must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return value;
}

function nonNegative(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PortcullisConfigError(option, `must be a number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

function positiveInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new PortcullisConfigError(
      option,
      `must be a whole number >= 1, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function resolveIssuers(options: PortcullisOptions): TrustedIssuer[] {
  const raw = Array.isArray(options.issuer) ? options.issuer : [options.issuer];
  if (raw.length === 0) throw new PortcullisConfigError('issuer', 'must name at least one issuer');
  const issuers = raw.map((entry: unknown, i): TrustedIssuer => {
    const name = Array.isArray(options.issuer) ? `issuer[${i}]` : 'issuer';
    const trusted = typeof entry === 'string' ? { issuer: entry } : (entry as TrustedIssuer);
    if (typeof trusted !== 'object' || trusted === null) {
      throw new PortcullisConfigError(name, 'must be a string or { issuer, jwksUri? }');
    }
    httpUrl(typeof entry === 'string' ? name : `${name}.issuer`, trusted.issuer);
    if (trusted.jwksUri !== undefined) httpUrl(`${name}.jwksUri`, trusted.jwksUri);
    return { issuer: trusted.issuer, jwksUri: trusted.jwksUri };
  });
  if (options.jwksUri !== undefined) {
    if (issuers.length > 1) {
      throw new PortcullisConfigError(
        'jwksUri',
        'applies to one issuer; with several, set jwksUri per issuer',
      );
    }
    const jwksUri = httpUrl('jwksUri', options.jwksUri);
    issuers[0].jwksUri ??= jwksUri;
  }
  if (new Set(issuers.map((i) => i.issuer)).size !== issuers.length) {
    throw new PortcullisConfigError('issuer', 'lists the same issuer twice');
  }
  return issuers;
}

function resolveAudiences(audience: unknown): Set<string> {
  const list = typeof audience === 'string' ? [audience] : audience;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((a) => typeof a === 'string' && a !== '')
  ) {
    throw new PortcullisConfigError(
      'audience',
      'must be a non-empty string or a non-empty list of them',
    );
  }
  return new Set(list as string[]);
}

function resolveAlgorithms(algorithms: unknown): Set<string> {
  if (algorithms === undefined) return new Set(ASYMMETRIC_ALGORITHMS);
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new PortcullisConfigError('algorithms', 'must be a non-empty list');
  }
  for (const alg of algorithms) {
    if (!(ASYMMETRIC_ALGORITHMS as readonly unknown[]).includes(alg)) {
      throw new PortcullisConfigError(
        'algorithms',
        `may hold only asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}); ${JSON.stringify(alg)} is not one`,
      );
    }
  }
  return new Set(algorithms as string[]);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

function resolveMapping(claims: PortcullisOptions['claims']): ResolvedClaimMapping {
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

/** Checks the options once, at boot, and fills in the defaults. */
export function resolvePortcullisOptions(options: PortcullisOptions): ResolvedPortcullisOptions {
  if (typeof options !== 'object' || options === null) {
    throw new PortcullisConfigError('options', 'must be an object');
  }
  if (options.strict !== undefined && typeof options.strict !== 'boolean') {
    throw new PortcullisConfigError(
      'strict',
      `must be true or false, got ${JSON.stringify(options.strict)}`,
    );
  }
  if (options.realm !== undefined && typeof options.realm !== 'string') {
    throw new PortcullisConfigError(
      'realm',
      `must be a string, got ${JSON.stringify(options.realm)}`,
    );
  }
  const keys = options.keys ?? {};
  const cache = options.tokenCache;
  return {
    issuers: resolveIssuers(options),
    audiences: resolveAudiences(options.audience),
    algorithms: resolveAlgorithms(options.algorithms),
    clockToleranceSeconds: nonNegative('clockToleranceSeconds', options.clockToleranceSeconds, 5),
    strict: options.strict === true,
    realm: options.realm ?? 'api',
    mapping: resolveMapping(options.claims),
    keyLimits: {
      cooldownMs: nonNegative('keys.cooldownSeconds', keys.cooldownSeconds, 30) * 1000,
      refreshIntervalMs:
        nonNegative('keys.refreshIntervalSeconds', keys.refreshIntervalSeconds, 600) * 1000,
      maxStaleMs: nonNegative('keys.maxStaleSeconds', keys.maxStaleSeconds, 86_400) * 1000,
      timeoutMs: positiveInteger('keys.fetchTimeoutMs', keys.fetchTimeoutMs, 5000),
      maxBytes: positiveInteger('keys.maxResponseBytes', keys.maxResponseBytes, 512 * 1024),
      maxKeys: positiveInteger('keys.maxKeys', keys.maxKeys, 100),
    },
    tokenCache:
      cache === false
        ? false
        : {
            maxEntries: positiveInteger('tokenCache.maxEntries', cache?.maxEntries, 10_000),
            maxAgeMs: nonNegative('tokenCache.maxAgeSeconds', cache?.maxAgeSeconds, 60) * 1000,
          },
  };
}
