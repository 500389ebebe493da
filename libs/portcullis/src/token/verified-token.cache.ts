import { LRUCache } from 'lru-cache';
import type { Principal } from '../principal/principal';

/**
 * Principals of tokens whose signature and claims were already checked, keyed by the
 * token. Bounded in entries; an entry lives no longer than the token's `exp` (plus the
 * clock leeway) nor `maxAgeMs`. Only valid tokens enter, so garbage cannot grow it.
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, Principal>;

  constructor(
    maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly leewayMs: number,
  ) {
    this.entries = new LRUCache({ max: maxEntries, ttlAutopurge: false });
  }

  get(token: string): Principal | undefined {
    return this.entries.get(token);
  }

  set(token: string, principal: Principal, nowMs: number): void {
    const ttl = Math.min(this.maxAgeMs, principal.expiresAt * 1000 + this.leewayMs - nowMs);
    if (ttl >= 1) this.entries.set(token, principal, { ttl });
  }

  get size(): number {
    return this.entries.size;
  }
}
