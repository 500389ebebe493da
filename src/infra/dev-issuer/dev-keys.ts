import { createPrivateKey, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairFor, type ImportedKey } from 'nest-portcullis/testing';

/** The algorithms the development issuer signs with. */
export const DEV_ALGORITHMS = ['RS256', 'ES256'] as const;

/** One of {@link DEV_ALGORITHMS}. */
export type DevAlgorithm = (typeof DEV_ALGORITHMS)[number];

const KEY_FILES: Readonly<Record<DevAlgorithm, string>> = {
  RS256: 'rs256.private.pem',
  ES256: 'es256.private.pem',
};

/** Reads the key file, or creates it (mode 0600) if there is none yet. */
function loadOrCreate(dir: string, alg: DevAlgorithm): KeyObject {
  const file = join(dir, KEY_FILES[alg]);
  try {
    return createPrivateKey(readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pem = generateKeyPairFor(alg).privateKey.export({ type: 'pkcs8', format: 'pem' });
  try {
    // `wx`: if another process (the token CLI) just wrote it, keep theirs.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return createPrivateKey(readFileSync(file));
}

/**
 * The development issuer's keys, kept in `dir` (created with mode 0700): generated at the
 * first call, reused afterwards, so tokens minted before a restart stay valid. The testing kit
 * names each by its RFC 7638 thumbprint, so the `kid`s too are the same at every start.
 */
export function loadOrCreateDevKeys(dir: string): ImportedKey[] {
  try {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700); // in case the umask took bits away
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return DEV_ALGORITHMS.map((alg) => ({ alg, privateKey: loadOrCreate(dir, alg) }));
}
