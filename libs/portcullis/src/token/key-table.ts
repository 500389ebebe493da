import type { KeyObject } from 'node:crypto';
import type { AsymmetricAlgorithm } from './token-settings';
import type { ImportedKey } from './jwk-import';
import { algorithmsOfKey } from './key-algorithms';

/** Marks a `kid` and `alg` that name two different keys: tokens of that pair are refused. */
export const AMBIGUOUS: unique symbol = Symbol('portcullis:ambiguous-key');

/** The key for each algorithm a `kid` may be used with. */
export type KeyChoices = ReadonlyMap<string, KeyObject | typeof AMBIGUOUS>;

/** A `kid` and `alg` that two different keys claim. */
export interface Ambiguity {
  readonly kid: string | undefined;
  readonly alg: AsymmetricAlgorithm;
}

/**
 * The imported keys of one JWKS, by `kid` and then by algorithm, so that a request finds
 * its key in two map lookups. Two keys may share a `kid` (an RSA and an EC key, say): a
 * token is checked only against the one whose type and `alg` fit its own `alg`. When two
 * different keys fit the same `kid` and `alg`, neither is tried for that pair (one check
 * per request, and no guessing which key the issuer meant).
 */
export class KeyTable {
  /** A table without keys. */
  static readonly EMPTY = new KeyTable([]);

  private readonly byKid = new Map<string | undefined, Map<string, KeyObject | typeof AMBIGUOUS>>();
  /** Pairs claimed by two different keys, for the log. */
  readonly ambiguities: Ambiguity[] = [];
  private distinct = 0;

  /** @param keys imported keys, in JWKS order */
  constructor(keys: readonly ImportedKey[]) {
    for (const { kid, alg, key } of keys) {
      const choices = this.byKid.get(kid) ?? new Map<string, KeyObject | typeof AMBIGUOUS>();
      let added = false;
      for (const fit of algorithmsOfKey(key, alg)) {
        const held = choices.get(fit);
        if (held === undefined) {
          choices.set(fit, key);
          added = true;
        } else if (held !== AMBIGUOUS && !held.equals(key)) {
          choices.set(fit, AMBIGUOUS);
          this.ambiguities.push({ kid, alg: fit });
          added = true;
        }
      }
      if (!added) continue;
      this.byKid.set(kid, choices);
      this.distinct++;
    }
  }

  /** Distinct keys held (the same key listed twice under one `kid` counts once). */
  get size(): number {
    return this.distinct;
  }

  /**
   * The choices of a token's `kid`. A token without `kid` is only unambiguous when the
   * set holds one key (RFC 7517 section 4.5).
   */
  lookup(kid: string | undefined): KeyChoices | undefined {
    if (kid !== undefined) return this.byKid.get(kid);
    return this.size === 1 ? this.byKid.values().next().value : undefined;
  }
}
