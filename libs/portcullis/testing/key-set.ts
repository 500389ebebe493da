import { randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import { generateKeyPairFor, isRsaAlgorithm, type SigningAlgorithm } from './algorithms';
import { resolveImportedKey, type ImportedKey } from './imported-key';

/** One signing key of the test issuer. */
export interface TestKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
  /** Whether the key is in the served JWKS. */
  published: boolean;
  /** Creation order, to find the newest key of an algorithm. */
  readonly serial: number;
}

/** How {@link KeySet.create} adds a key. */
export interface CreateKeyOptions {
  /** Put the key in the served JWKS now. Default true. */
  publish?: boolean;
  /** Sign new tokens of its algorithm with it. Default: the value of `publish`. */
  current?: boolean;
}

/** A JSON Web Key Set of public keys. */
export interface Jwks {
  keys: JsonWebKey[];
}

/**
 * The issuer's keys: each has a `kid`, may be published in the JWKS or not, and one per
 * algorithm is current (signs new tokens). Keys live in memory only.
 */
export class KeySet {
  private readonly keys = new Map<string, TestKey>();
  private readonly current = new Map<SigningAlgorithm, string>();
  private serial = 0;
  private spareRsa: TestKey | undefined;
  private readonly extraJwks: unknown[] = [];

  /** @param keyUse whether JWKs carry `use: 'sig'` and `alg` */
  constructor(private readonly keyUse: boolean) {}

  /** Generates a key pair for `alg` and returns its new `kid`. */
  create(alg: SigningAlgorithm, options: CreateKeyOptions = {}): string {
    const published = options.publish ?? true;
    const kid = `${alg.toLowerCase()}-${randomBytes(6).toString('hex')}`;
    this.keys.set(kid, { kid, alg, published, serial: ++this.serial, ...generateKeyPairFor(alg) });
    if (options.current ?? published) this.current.set(alg, kid);
    return kid;
  }

  /** Adds a key made elsewhere, published and current for its algorithm; returns its `kid`. */
  importKey(key: ImportedKey): string {
    const { kid, publicKey } = resolveImportedKey(key);
    if (this.keys.has(kid)) throw new Error(`TestIssuer: \`keys\` has the kid "${kid}" twice`);
    const { alg, privateKey } = key;
    this.keys.set(kid, { kid, alg, publicKey, privateKey, published: true, serial: ++this.serial });
    this.current.set(alg, kid);
    return kid;
  }

  /** Puts a key (created unpublished, or removed) back into the JWKS. */
  publish(kid: string): void {
    this.get(kid).published = true;
  }

  /**
   * Takes a key out of the JWKS; it can still sign (to mint tokens with a retired `kid`).
   * If it was current, the newest other published key of its algorithm becomes current.
   */
  remove(kid: string): void {
    const key = this.get(kid);
    key.published = false;
    if (this.current.get(key.alg) !== kid) return;
    const newest = [...this.keys.values()]
      .filter((other) => other.alg === key.alg && other.published)
      .sort((a, b) => b.serial - a.serial)[0];
    if (newest) this.current.set(key.alg, newest.kid);
  }

  /** The key with this `kid`, published or not, if any. */
  find(kid: string): TestKey | undefined {
    return this.keys.get(kid);
  }

  /** The key with this `kid`, published or not. Throws if there is none. */
  get(kid: string): TestKey {
    const key = this.keys.get(kid);
    if (!key) throw new Error(`TestIssuer: no key with kid "${kid}"`);
    return key;
  }

  /** The key new tokens of `alg` are signed with. Throws if the issuer has no such key. */
  currentKey(alg: SigningAlgorithm): TestKey {
    const kid = this.current.get(alg);
    if (!kid) throw new Error(`TestIssuer: no ${alg} key; create one with addKey('${alg}')`);
    return this.get(kid);
  }

  /** The newest RSA key, current ones first (the key-confusion forge needs one). */
  rsaKey(): TestKey | undefined {
    const rsa = [...this.keys.values()].filter((key) => isRsaAlgorithm(key.alg));
    return rsa.find((key) => this.current.get(key.alg) === key.kid) ?? rsa.at(-1);
  }

  /** The `kid`s in the served JWKS, oldest first. */
  get publishedKids(): string[] {
    return [...this.keys.values()].filter((key) => key.published).map((key) => key.kid);
  }

  /**
   * The served JWKS: public keys only, with `kid` (and `use`, `alg` unless turned off),
   * then the entries added with {@link addExtraJwk}, as given.
   */
  jwks(): Jwks {
    const published = [...this.keys.values()].filter((key) => key.published);
    // Extra entries may be anything (that is their point): they are served unchecked.
    const extra = this.extraJwks as JsonWebKey[];
    return { keys: [...published.map((key) => this.toJwk(key)), ...extra] };
  }

  /** Serves any value as one more JWKS entry, after the issuer's own keys. */
  addExtraJwk(entry: unknown): void {
    this.extraJwks.push(entry);
  }

  /** Stops serving the entries added with {@link addExtraJwk}. */
  clearExtraJwks(): void {
    this.extraJwks.length = 0;
  }

  /**
   * A JWKS no token can be verified with: each published `kid` as a symmetric `oct` key,
   * and the RSA public key (a real one, with its real `kid`) marked `use: 'enc'`.
   */
  brokenJwks(): Jwks {
    const symmetric = this.publishedKids.map((kid) => ({
      kty: 'oct',
      kid,
      alg: 'HS256',
      k: randomBytes(32).toString('base64url'),
    }));
    const rsa =
      this.rsaKey() ?? (this.spareRsa ??= this.get(this.create('RS256', { publish: false })));
    const encryption = { ...this.toJwk(rsa), use: 'enc', alg: 'RSA-OAEP' };
    return { keys: [...symmetric, encryption] };
  }

  /** One key's public JWK, as served. */
  toJwk(key: TestKey): JsonWebKey {
    const jwk = { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid };
    return this.keyUse ? { ...jwk, use: 'sig', alg: key.alg } : jwk;
  }
}
