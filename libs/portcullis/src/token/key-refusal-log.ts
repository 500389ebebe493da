import type { Logger } from '@nestjs/common';
import { logSafe } from '../common/log-safe';
import { MAX_JWKS_ENTRIES, type KeyRefusal, type KeySetImport } from './key-set-import';

/** Refusals written one by one per fetch (leaked keys too); more are summed up in one line. */
export const MAX_LISTED_REFUSALS = 20;
/** Facts remembered as logged; the oldest is forgotten first. */
const MAX_REMEMBERED = 2 * MAX_JWKS_ENTRIES;

/**
 * Logs what a JWKS import refused, once per key: a background refresh that finds the
 * same bad key again says nothing. Memory is bounded: at most {@link MAX_REMEMBERED}
 * facts are kept, so a key forgotten after a long churn may be logged once more.
 * A leaked private key is an error; other refusals are warnings.
 */
export class KeyRefusalLog {
  private readonly logged = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly issuer: string,
  ) {}

  /** Writes what is new in one import. */
  record(result: KeySetImport): void {
    this.recordRefusals(result.refusals);
    for (const { kid, alg } of result.table.ambiguities) {
      if (!this.isNew(`ambiguous\0${String(kid)}\0${alg}`)) continue;
      this.logger.warn(
        `Keys of ${this.issuer}: ${kidOf(kid)} names two different keys for ${alg}; ` +
          'tokens of that kid and alg are refused',
      );
    }
    if (result.overflow > 0 && this.isNew(`overflow\0${result.overflow}`)) {
      this.logger.warn(
        `Keys of ${this.issuer}: ${result.overflow} usable keys beyond keys.maxKeys are left out`,
      );
    }
    if (result.ignored > 0 && this.isNew(`ignored\0${result.ignored}`)) {
      this.logger.warn(
        `Keys of ${this.issuer}: ${result.ignored} JWKS entries beyond ${MAX_JWKS_ENTRIES} are ignored`,
      );
    }
  }

  private recordRefusals(refusals: readonly KeyRefusal[]): void {
    const unlisted = { all: 0, leaked: 0 };
    let listed = 0;
    for (const refusal of refusals) {
      if (!this.isNew(refusal.fingerprint)) continue;
      if (listed++ >= MAX_LISTED_REFUSALS) {
        unlisted.all++;
        if (refusal.leaked) unlisted.leaked++;
      } else if (refusal.leaked) {
        this.logger.error(this.lineOf(refusal));
      } else {
        this.logger.warn(this.lineOf(refusal));
      }
    }
    if (unlisted.all === 0) return;
    const line = `${unlisted.all} more keys of ${this.issuer} refused (not listed one by one)`;
    if (unlisted.leaked === 0) return this.logger.warn(line);
    this.logger.error(`${line}, ${unlisted.leaked} of them holding private key material`);
  }

  private lineOf({ kid, reason, leaked }: KeyRefusal): string {
    const line = `Key ${kidOf(kid)} of ${this.issuer} refused: ${reason}`;
    return leaked ? `${line}. Rotate this key at the identity provider.` : line;
  }

  /** Whether a fact was not logged yet; remembers it. */
  private isNew(fact: string): boolean {
    if (this.logged.has(fact)) return false;
    this.logged.add(fact);
    if (this.logged.size > MAX_REMEMBERED) {
      this.logged.delete(this.logged.values().next().value as string);
    }
    return true;
  }
}

function kidOf(kid: unknown): string {
  return kid === undefined ? '(no kid)' : `"${logSafe(kid)}"`;
}
