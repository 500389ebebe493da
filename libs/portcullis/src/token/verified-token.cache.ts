import { LRUCache } from 'lru-cache';
import { WALL_CLOCK } from '../common/wall-clock';
import type { Principal } from '../principal/principal';
import { TokenAdmission } from './token-admission';

/** A cached principal and the whole token it belongs to. */
interface Entry {
  readonly token: string;
  readonly principal: Principal;
}

/**
 * Characters of the token's end (its signature) the entries are looked up by. A token read
 * from a request is a new string each time, and hashing all of its 700 characters for the
 * lookup cost about 1 us; 24 signature characters are as good a spread for a few ns.
 */
const KEY_CHARS = 24;

const keyOf = (token: string): string =>
  token.length > KEY_CHARS ? token.slice(token.length - KEY_CHARS) : token;

/**
 * Principals of tokens whose signature and claims were already checked. Bounded in
 * entries; an entry lives no longer than the token's `exp` (plus the clock leeway) nor
 * `maxAgeMs`. Only valid tokens enter, so garbage cannot grow it, and through {@link offer}
 * only those seen twice (see {@link TokenAdmission}).
 *
 * Entries are found by the end of the token but answer only the very same token: the
 * entry keeps the whole token and a lookup compares it, so two tokens sharing an end can
 * never be answered with each other's principal (the second simply misses).
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly admission: TokenAdmission;

  constructor(
    maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly leewayMs: number,
  ) {
    // Lifetimes on the wall clock, read at each lookup (see WALL_CLOCK).
    this.entries = new LRUCache({
      max: maxEntries,
      ttlAutopurge: false,
      ttlResolution: 0,
      perf: WALL_CLOCK,
    });
    this.admission = new TokenAdmission(maxEntries);
  }

  get(token: string): Principal | undefined {
    const entry = this.entries.get(keyOf(token));
    return entry !== undefined && entry.token === token ? entry.principal : undefined;
  }

  /** Stores the principal of a verified token. */
  set(token: string, principal: Principal, nowMs: number): void {
    const ttl = Math.min(this.maxAgeMs, principal.expiresAt * 1000 + this.leewayMs - nowMs);
    if (ttl >= 1) this.entries.set(keyOf(token), { token, principal }, { ttl });
  }

  /**
   * Stores the principal of a verified token if the token was verified before, recently;
   * otherwise remembers its fingerprint only. What the authenticator calls after a miss.
   */
  offer(token: string, principal: Principal, nowMs: number): void {
    if (this.admission.admits(token)) this.set(token, principal, nowMs);
  }

  get size(): number {
    return this.entries.size;
  }
}
