import { PortcullisConfigError } from '../errors/portcullis-config.error';
import type { KeySourceLimits } from '../token/jwks-key-source';
import type { TokenSettings } from '../token/token-settings';
import { resolveMapping } from './claims-options';
import { DEFAULTS } from './defaults';
import { flag, nonNegative } from './option-checks';
import { resolvePolicySettings, type PolicySettings } from './policy-options';
import type { PortcullisOptions } from './portcullis-options';
import {
  resolveAlgorithms,
  resolveAudiences,
  resolveIssuers,
  resolveKeyLimits,
  resolveTokenCache,
} from './token-options';

/**
 * The module options checked and filled in with {@link DEFAULTS}, in one slice per engine:
 * each engine is handed its own slice and nothing else.
 */
export interface ResolvedOptions {
  /** What the token engine verifies tokens with. */
  readonly token: TokenSettings;
  /** How the key source fetches and keeps keys. */
  readonly keys: KeySourceLimits;
  /** What the policy engine builds abilities from. */
  readonly policy: PolicySettings;
  /** The `realm` of `WWW-Authenticate` challenges (how refusals are delivered). */
  readonly realm: string;
  /** Refuse to boot when a route declares nothing (the route audit). */
  readonly strictRoutes: boolean;
}

/**
 * THE validation of the module options, once, at boot: every message names the option at
 * fault ({@link PortcullisConfigError}). Token options are checked first, then the policy's.
 */
export function resolveOptions(options: PortcullisOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new PortcullisConfigError('options', 'must be an object');
  }
  const strict = flag('strict', options.strict, DEFAULTS.strict);
  if (options.realm !== undefined && typeof options.realm !== 'string') {
    throw new PortcullisConfigError(
      'realm',
      `must be a string, got ${JSON.stringify(options.realm)}`,
    );
  }
  const issuers = resolveIssuers(options);
  const audiences = resolveAudiences(options.audience);
  const algorithms = resolveAlgorithms(options.algorithms);
  const clockToleranceSeconds = nonNegative(
    'clockToleranceSeconds',
    options.clockToleranceSeconds,
    DEFAULTS.clockToleranceSeconds,
  );
  const mapping = resolveMapping(options.claims);
  // In the order the options were always checked: the first error found is the one reported.
  const keys = resolveKeyLimits(options.keys);
  const token: TokenSettings = {
    issuers,
    audiences,
    algorithms,
    clockToleranceSeconds,
    strict,
    mapping,
    tokenCache: resolveTokenCache(options.tokenCache),
  };
  const policy = resolvePolicySettings(options);
  const strictRoutes = flag('strictRoutes', options.strictRoutes, DEFAULTS.strictRoutes);
  return { token, keys, policy, realm: options.realm ?? DEFAULTS.realm, strictRoutes };
}
