import type { ImportedKey } from './imported-key';
import { KeySet } from './key-set';
import { resolveTestIssuerOptions, type ResolvedTestIssuerOptions } from './test-issuer.options';
import { TokenMinter } from './token-minter';

/** Options of {@link OfflineMinter.create}. */
export interface OfflineMinterOptions {
  /** The `iss` of minted tokens, exactly: the issuer that serves the public halves of `keys`. */
  readonly issuer: string;
  /** The API audience put in access tokens. Default `https://api.example.test`. */
  readonly audience?: string;
  /** The client id of minted tokens (and the audience of ID tokens). Default `test-client`. */
  readonly clientId?: string;
  /** The keys to sign with; the first one's algorithm is the default for minting. */
  readonly keys: readonly ImportedKey[];
}

/**
 * Mints the tokens a {@link TestIssuer} mints, with keys it serves, in a process that serves
 * nothing: a CLI printing tokens for a development issuer that another process runs with the
 * same (persisted) keys, or a script minting for an issuer started elsewhere.
 * @example
 * const minter = OfflineMinter.create({ issuer: 'http://127.0.0.1:3001', keys: [{ alg: 'RS256', privateKey }] });
 * const token = minter.mintAccessToken({ sub: 'alice', scope: 'read:users' });
 */
export class OfflineMinter extends TokenMinter {
  private constructor(
    private readonly options: ResolvedTestIssuerOptions,
    private readonly issuerUrl: string,
    keys: KeySet,
  ) {
    super(keys, options.algorithms);
  }

  /**
   * Imports the keys; nothing is generated and nothing listens.
   * @throws Error when `keys` is empty, `issuer` is not a URL, or a key does not fit its `alg`
   */
  static create(options: OfflineMinterOptions): OfflineMinter {
    if (options.keys.length === 0) throw new Error('OfflineMinter: `keys` must not be empty');
    if (!URL.canParse(options.issuer)) {
      throw new Error(`OfflineMinter: \`issuer\` must be an absolute URL, got "${options.issuer}"`);
    }
    const { audience, clientId, keys: imported } = options;
    const algorithms = imported.map((key) => key.alg);
    const resolved = resolveTestIssuerOptions({ audience, clientId, algorithms, keys: imported });
    const keys = new KeySet(resolved.keyUse);
    for (const key of imported) keys.importKey(key);
    return new OfflineMinter(resolved, options.issuer, keys);
  }

  /** The `iss` of minted tokens, as given. */
  override get issuer(): string {
    return this.issuerUrl;
  }

  /** The API audience of access tokens. */
  override get audience(): string {
    return this.options.audience;
  }

  /** The client id of minted tokens. */
  override get clientId(): string {
    return this.options.clientId;
  }
}
