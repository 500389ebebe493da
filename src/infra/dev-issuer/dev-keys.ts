import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The algorithms the development issuer signs with. */
export const DEV_ALGORITHMS = ['RS256', 'ES256'] as const;

/** One of {@link DEV_ALGORITHMS}. */
export type DevAlgorithm = (typeof DEV_ALGORITHMS)[number];

/** A signing key of the development issuer. */
export interface DevKey {
  readonly alg: DevAlgorithm;
  /** The RFC 7638 thumbprint of the public key: the same at every start. */
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** The public JWK as served in the JWKS. */
  readonly jwk: JsonWebKey;
}

const KEY_FILES: Readonly<Record<DevAlgorithm, string>> = {
  RS256: 'rs256.private.pem',
  ES256: 'es256.private.pem',
};

/** RFC 7638: SHA-256 of the required members in lexicographic order. */
function thumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function generate(alg: DevAlgorithm): KeyObject {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return pair.privateKey;
}

/** Reads the key file, or creates it (mode 0600) if there is none yet. */
function loadOrCreate(dir: string, alg: DevAlgorithm): KeyObject {
  const file = join(dir, KEY_FILES[alg]);
  try {
    return createPrivateKey(readFileSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pem = generate(alg).export({ type: 'pkcs8', format: 'pem' });
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
 * first call, reused afterwards, so tokens minted before a restart stay valid.
 */
export function loadOrCreateDevKeys(dir: string): DevKey[] {
  try {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700); // in case the umask took bits away
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return DEV_ALGORITHMS.map((alg) => {
    const privateKey = loadOrCreate(dir, alg);
    const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
    const kid = thumbprint(publicJwk);
    return { alg, kid, privateKey, jwk: { ...publicJwk, kid, alg, use: 'sig' } };
  });
}
