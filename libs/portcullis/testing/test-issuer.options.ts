import { isSigningAlgorithm, type SigningAlgorithm } from './algorithms';
import type { ImportedKey } from './imported-key';
import type { JsonObject } from './jwt-forge';

/** Options of {@link TestIssuer.start}. */
export interface TestIssuerOptions {
  /** The API audience put in access tokens. Default `https://api.example.test`. */
  audience?: string;
  /** The client id of minted tokens (and the audience of ID tokens). Default `test-client`. */
  clientId?: string;
  /** Path of the issuer after the origin, e.g. `/realms/demo`. Default `''`. */
  issuerPath?: string;
  /** One key is created per algorithm; the first is the default for minting. Default RS256, ES256. */
  algorithms?: readonly SigningAlgorithm[];
  /** Path of the JWKS on the server. Default `/.well-known/jwks.json`. */
  jwksPath?: string;
  /** Put `use: 'sig'` and `alg` on every JWK. Default true. */
  keyUse?: boolean;
  /**
   * The port on 127.0.0.1. Default 0: any free one. A fixed port keeps the issuer URL, and so
   * the `iss` of tokens minted earlier, across restarts; a taken one rejects `start` with
   * Node's `EADDRINUSE` error.
   */
  port?: number;
  /**
   * Keys to sign with instead of fresh ones, each current for its algorithm; an algorithm of
   * `algorithms` without one gets a generated key. Default none.
   */
  keys?: readonly ImportedKey[];
}

/** {@link TestIssuerOptions} with every default filled in. */
export type ResolvedTestIssuerOptions = Required<TestIssuerOptions>;

/** How a token is signed by the `mint*` methods. */
export interface MintOptions {
  /** Sign with the current key of this algorithm. Default: the issuer's first algorithm. */
  alg?: SigningAlgorithm;
  /** Sign with this key (published or not); `alg` is then the key's own. */
  kid?: string;
  /** Merged over `{ alg, kid, typ }`; a parameter set to `undefined` is removed. */
  header?: JsonObject;
  /** Lifetime in seconds (`exp - iat`). Default 300. */
  expiresIn?: number;
}

/** {@link MintOptions} of an ID token. */
export interface IdTokenOptions extends MintOptions {
  /** The access token `at_hash` is computed from. Default: one minted with the same key. */
  accessToken?: string;
}

/** Fills in defaults and checks the options; messages name the option at fault. */
export function resolveTestIssuerOptions(
  options: TestIssuerOptions = {},
): ResolvedTestIssuerOptions {
  const algorithms = options.algorithms ?? ['RS256', 'ES256'];
  if (algorithms.length === 0) throw new Error('TestIssuer: `algorithms` must not be empty');
  for (const alg of algorithms) {
    if (!isSigningAlgorithm(alg))
      throw new Error(`TestIssuer: \`algorithms\` has unknown "${alg}"`);
  }
  const issuerPath = (options.issuerPath ?? '').replace(/\/+$/, '');
  if (issuerPath !== '' && !issuerPath.startsWith('/')) {
    throw new Error('TestIssuer: `issuerPath` must start with "/"');
  }
  const jwksPath = options.jwksPath ?? '/.well-known/jwks.json';
  if (!jwksPath.startsWith('/')) throw new Error('TestIssuer: `jwksPath` must start with "/"');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`TestIssuer: \`port\` must be a whole number from 0 to 65535, got ${port}`);
  }
  const keys = options.keys ?? [];
  const stray = keys.find((key) => !algorithms.includes(key.alg));
  if (stray) {
    throw new Error(
      `TestIssuer: \`keys\` has a ${stray.alg} key, but \`algorithms\` does not list ${stray.alg}`,
    );
  }
  return {
    audience: options.audience ?? 'https://api.example.test',
    clientId: options.clientId ?? 'test-client',
    issuerPath,
    algorithms: [...new Set(algorithms)],
    jwksPath,
    keyUse: options.keyUse ?? true,
    port,
    keys,
  };
}
