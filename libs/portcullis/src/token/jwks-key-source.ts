import { Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { JwksClient } from 'jwks-rsa';
import { InvalidTokenException, KeysUnavailableException } from '../errors/portcullis.exceptions';
import { fetchJson, KeyFetchError, type FetchLimits } from './bounded-fetch';
import { KeyRefusalLog } from './key-refusal-log';
import { importKeySet } from './key-set-import';
import { AMBIGUOUS, KeyTable, type KeyChoices } from './key-table';
import { discoverJwksUri, discoveryUrl, IssuerMismatchError } from './oidc-discovery';

/** Timing and size limits of a key source, in milliseconds and counts. */
export interface KeySourceLimits extends FetchLimits {
  cooldownMs: number;
  refreshIntervalMs: number;
  maxStaleMs: number;
  maxKeys: number;
}

/** GETs a JWKS and returns its parsed JSON; rejects with a `KeyFetchError` on failure. */
export type JwksFetch = (uri: string) => Promise<unknown>;

/**
 * The keys of one issuer. The JWKS is fetched through jwks-rsa, each JWK checked by
 * `importJwk` (unsafe keys are refused and logged once) and kept as a parsed `KeyObject`,
 * so the request path does no network call and no PEM parsing. One fetch at a time is shared
 * by every waiting request; unknown `kid`s trigger at most one refetch per cooldown;
 * keys outlive a JWKS outage for `maxStaleMs`; the set is refreshed in the background.
 */
export class JwksKeySource {
  private readonly logger = new Logger('Portcullis');
  private readonly refusals: KeyRefusalLog;
  private keys = KeyTable.EMPTY;
  private jwksUri: string | undefined;
  private inflight: Promise<void> | undefined;
  private lastAttemptAt = -Infinity;
  private lastSuccessAt = -Infinity;
  private lastFailureAt = -Infinity;
  private mismatch: IssuerMismatchError | undefined;
  /** Fetches made, for tests and the benchmark's flood count. */
  fetchCount = 0;

  constructor(
    readonly issuer: string,
    configuredJwksUri: string | undefined,
    private readonly limits: KeySourceLimits,
    private readonly now: () => number = Date.now,
    // A seam for unit tests; production always uses the bounded fetch.
    private readonly fetchJwks: JwksFetch = (uri) => fetchJson(uri, limits),
  ) {
    this.jwksUri = configuredJwksUri;
    this.refusals = new KeyRefusalLog(this.logger, issuer);
    const fetched = new URL(configuredJwksUri ?? discoveryUrl(issuer));
    if (fetched.protocol === 'http:' && !isLoopback(fetched.hostname)) {
      this.logger.warn(
        `Keys of ${issuer} are fetched over plain http from ${fetched.host}: anyone on the way ` +
          'can replace them. Use https outside local development.',
      );
    }
  }

  /**
   * Fetches the keys once at boot. A discovery document naming another issuer is a
   * configuration error and is thrown; an unreachable JWKS is only logged (the app starts).
   */
  async warmUp(): Promise<void> {
    await this.refresh();
    if (this.mismatch) throw this.mismatch;
  }

  /**
   * The key for a token's `kid` and `alg`, or a 401 (unknown key) or 503 (keys unavailable).
   * A key already held is returned as is (no promise on the request path); only a lookup
   * that has to wait for a fetch returns a promise. Refusals are thrown.
   */
  keyFor(kid: string | undefined, alg: string): KeyObject | Promise<KeyObject> {
    const now = this.now();
    const stale = now - this.lastSuccessAt > this.limits.maxStaleMs;
    // Old keys are dropped only once a refresh has failed: a JWKS not asked yet may still answer.
    if (stale && this.lastFailureAt > this.lastSuccessAt && this.keys.size > 0) {
      this.keys = KeyTable.EMPTY;
    }
    const stored = this.keys.lookup(kid);
    if (stored === undefined && this.mayFetch(now)) {
      return this.refresh().then(() => this.accept(this.keys.lookup(kid), alg));
    }
    if ((stale || now - this.lastSuccessAt > this.limits.refreshIntervalMs) && this.mayFetch(now)) {
      void this.refresh();
    }
    return this.accept(stored, alg);
  }

  private accept(stored: KeyChoices | undefined, alg: string): KeyObject {
    if (stored === undefined) {
      // While the JWKS is failing, an unknown kid may be a legitimate new key: say 503, not 401.
      if (this.keys.size === 0 || this.lastAttemptAt > this.lastSuccessAt) {
        throw new KeysUnavailableException(this.retryAfterSeconds());
      }
      throw new InvalidTokenException('The token is signed with an unknown key');
    }
    // Only a key whose type and own `alg` fit the token's `alg` is ever tried.
    const key = stored.get(alg);
    if (key === undefined) {
      throw new InvalidTokenException('The token is signed with an algorithm that is not accepted');
    }
    // Two different keys under this kid fit the alg: which one the issuer meant is unknown.
    if (key === AMBIGUOUS) {
      throw new InvalidTokenException('The token is signed with an unknown key');
    }
    return key;
  }

  private mayFetch(now: number): boolean {
    return this.inflight !== undefined || now - this.lastAttemptAt >= this.limits.cooldownMs;
  }

  private retryAfterSeconds(): number {
    const wait = this.lastAttemptAt + this.limits.cooldownMs - this.now();
    return Math.max(1, Math.ceil(wait / 1000));
  }

  /** One fetch at a time: concurrent callers share it. Never rejects: failures are logged. */
  private refresh(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttemptAt = this.now();
    this.fetchCount++;
    try {
      this.jwksUri ??= await discoverJwksUri(this.issuer, this.limits);
      const client = new JwksClient({
        jwksUri: this.jwksUri,
        cache: false,
        rateLimit: false,
        fetcher: (uri: string) => this.fetchJwks(uri) as Promise<never>,
      });
      // jwks-rsa's own import (getSigningKeys) trusts e = 1 and 1024-bit keys: each JWK is
      // checked here instead, and the request path only ever sees keys that passed.
      const imported = importKeySet(await client.getKeys(), this.limits.maxKeys);
      this.refusals.record(imported);
      // A set without one usable key is a failed fetch: the keys held so far are kept.
      if (imported.table.size === 0) {
        throw new KeyFetchError('the JWKS holds no usable signing key');
      }
      this.keys = imported.table;
      this.lastSuccessAt = this.now();
    } catch (error) {
      this.lastFailureAt = this.now();
      if (error instanceof IssuerMismatchError) {
        this.mismatch = error;
        this.logger.error(error.message);
        return;
      }
      const reason = error instanceof KeyFetchError ? error.message : describe(error);
      this.logger.warn(`Keys of ${this.issuer} could not be fetched: ${reason}`);
    }
  }
}

/** `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`: a plain-http fetch that never leaves the host. */
function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname === '[::1]'
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
