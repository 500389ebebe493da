import { createHash } from 'node:crypto';
import { KeyFetchError } from './bounded-fetch';
import { importJwk, type ImportedKey } from './jwk-import';
import { KeyTable } from './key-table';

/**
 * Most JWKS entries looked at. A 2048-bit RSA JWK is some 400 bytes, so a set this long
 * is no identity provider's: the rest is ignored, which bounds the work of each fetch.
 */
export const MAX_JWKS_ENTRIES = 1000;

/** One JWKS entry refused, with what identifies it for the log. */
export interface KeyRefusal {
  readonly kid: unknown;
  readonly reason: string;
  /** The entry held private key material. */
  readonly leaked: boolean;
  /** Same entry, same reason, same fingerprint: what the log remembers. */
  readonly fingerprint: string;
}

/** What importing a JWKS's `keys` gave. */
export interface KeySetImport {
  readonly table: KeyTable;
  readonly refusals: readonly KeyRefusal[];
  /** Usable keys beyond `maxKeys`, left out. */
  readonly overflow: number;
  /** Entries beyond {@link MAX_JWKS_ENTRIES}, not looked at. */
  readonly ignored: number;
}

function fingerprintOf(entry: unknown, reason: string): string {
  let text: string;
  try {
    text = JSON.stringify(entry) ?? String(entry);
  } catch {
    // Too deeply nested to stringify: the reason alone identifies it well enough.
    text = '';
  }
  return createHash('sha256').update(reason).update('\0').update(text).digest('base64url');
}

/**
 * Imports the `keys` of a JWKS: each entry on its own (a bad key never drops a good one),
 * the first `maxKeys` usable keys kept. Throws {@link KeyFetchError} when `keys` is not an
 * array; an empty table is the caller's to judge.
 */
export function importKeySet(entries: unknown, maxKeys: number): KeySetImport {
  if (!Array.isArray(entries)) throw new KeyFetchError('the JWKS has no "keys" array');
  const keys: ImportedKey[] = [];
  const refusals: KeyRefusal[] = [];
  let overflow = 0;
  for (const entry of entries.slice(0, MAX_JWKS_ENTRIES)) {
    const imported = importJwk(entry);
    if (imported.refusal !== undefined) {
      const { refusal: reason, leaked } = imported;
      const kid = (entry as { kid?: unknown } | null)?.kid;
      refusals.push({ kid, reason, leaked, fingerprint: fingerprintOf(entry, reason) });
    } else if (keys.length < maxKeys) {
      keys.push(imported.key);
    } else {
      overflow++;
    }
  }
  const ignored = Math.max(0, entries.length - MAX_JWKS_ENTRIES);
  return { table: new KeyTable(keys), refusals, overflow, ignored };
}
