import { PortcullisConfigError } from '../errors/portcullis-config.error';
import type { KeySourceLimits } from '../token/jwks-key-source';
import { ASYMMETRIC_ALGORITHMS, type TrustedIssuer } from '../token/token-settings';
import { DEFAULTS } from './defaults';
import { httpUrl, nonNegative, wholeNumber } from './option-checks';
import type { PortcullisOptions } from './portcullis-options';

/** The trusted issuers, each with its JWKS URL if given. */
export function resolveIssuers(options: PortcullisOptions): TrustedIssuer[] {
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

/** The accepted audiences. */
export function resolveAudiences(audience: unknown): Set<string> {
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

/** The accepted algorithms (every asymmetric one by default). */
export function resolveAlgorithms(algorithms: unknown): Set<string> {
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

/** The key source's limits (`keys`), in milliseconds. */
export function resolveKeyLimits(keys: PortcullisOptions['keys']): KeySourceLimits {
  const given = keys ?? {};
  const d = DEFAULTS.keys;
  return {
    cooldownMs:
      nonNegative('keys.cooldownSeconds', given.cooldownSeconds, d.cooldownSeconds) * 1000,
    refreshIntervalMs:
      nonNegative(
        'keys.refreshIntervalSeconds',
        given.refreshIntervalSeconds,
        d.refreshIntervalSeconds,
      ) * 1000,
    maxStaleMs:
      nonNegative('keys.maxStaleSeconds', given.maxStaleSeconds, d.maxStaleSeconds) * 1000,
    timeoutMs: wholeNumber('keys.fetchTimeoutMs', given.fetchTimeoutMs, d.fetchTimeoutMs, 1),
    maxBytes: wholeNumber('keys.maxResponseBytes', given.maxResponseBytes, d.maxResponseBytes, 1),
    maxKeys: wholeNumber('keys.maxKeys', given.maxKeys, d.maxKeys, 1),
  };
}

/** The verified-token cache (`tokenCache`), or `false` when turned off. */
export function resolveTokenCache(
  cache: PortcullisOptions['tokenCache'],
): { maxEntries: number; maxAgeMs: number } | false {
  if (cache === false) return false;
  const d = DEFAULTS.tokenCache;
  return {
    maxEntries: wholeNumber('tokenCache.maxEntries', cache?.maxEntries, d.maxEntries, 1),
    maxAgeMs: nonNegative('tokenCache.maxAgeSeconds', cache?.maxAgeSeconds, d.maxAgeSeconds) * 1000,
  };
}
