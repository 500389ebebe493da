import { randomUUID } from 'node:crypto';
import type { SigningAlgorithm } from './algorithms';
import { createIssuerForge, type IssuerForge } from './issuer-forge';
import { atHash, mergeDefined, signJwt, type JsonObject } from './jwt-forge';
import type { CreateKeyOptions, Jwks, KeySet, TestKey } from './key-set';
import type { IdTokenOptions, MintOptions } from './test-issuer.options';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * The signing half of {@link TestIssuer}: its keys (rotation, publishing) and the tokens
 * it mints, with no HTTP. Claims merge over defaults; a claim set to `undefined` is removed.
 */
export abstract class TokenMinter {
  /** Bad tokens for negative tests (alg none, key confusion, foreign key, tampering). */
  readonly forge: IssuerForge;

  /**
   * @param keys the issuer's key set
   * @param algorithms the algorithms keys are made for; the first is the default
   */
  protected constructor(
    protected readonly keys: KeySet,
    protected readonly algorithms: readonly SigningAlgorithm[],
  ) {
    this.forge = createIssuerForge(keys, algorithms[0]);
  }

  /** The `iss` of minted tokens. */
  abstract get issuer(): string;
  /** The `aud` of access tokens. */
  abstract get audience(): string;
  /** The `client_id` of access tokens and `aud` of ID tokens. */
  abstract get clientId(): string;

  /** The `kid`s in the served JWKS, oldest first. */
  get publishedKids(): string[] {
    return this.keys.publishedKids;
  }

  /** The default access-token claims with `claims` merged over (`undefined` removes one). */
  accessClaims(claims?: JsonObject, expiresIn = 300): JsonObject {
    const iat = nowSeconds();
    const { issuer, audience: aud, clientId: client_id } = this;
    const base = { iss: issuer, sub: 'user-1', aud, client_id, iat, exp: iat + expiresIn };
    return mergeDefined({ ...base, jti: randomUUID() }, claims);
  }

  /**
   * An RFC 9068 access token (`typ: 'at+jwt'`) signed with the current key.
   * @example issuer.mintAccessToken({ scope: 'orders:read', exp: undefined }, { alg: 'ES256' })
   */
  mintAccessToken(claims?: JsonObject, opts: MintOptions = {}): string {
    return this.sign(this.accessClaims(claims, opts.expiresIn), 'at+jwt', opts);
  }

  /** A client-credentials access token: `sub` = `client_id`, `gty`, a `scope` string. */
  mintClientToken(claims?: JsonObject, opts: MintOptions = {}): string {
    const base = { sub: this.clientId, gty: 'client-credentials', scope: '' };
    return this.mintAccessToken({ ...base, ...claims }, opts);
  }

  /** An OIDC ID token (`typ: 'JWT'`, `aud` = client id, `nonce`, `at_hash`, `auth_time`). */
  mintIdToken(claims?: JsonObject, opts: IdTokenOptions = {}): string {
    const key = this.signingKey(opts);
    const accessToken = opts.accessToken ?? this.mintAccessToken({}, { kid: key.kid });
    const iat = nowSeconds();
    const base = { iss: this.issuer, sub: 'user-1', aud: this.clientId, iat, auth_time: iat };
    const extra = { exp: iat + (opts.expiresIn ?? 300), nonce: randomUUID() };
    const payload = { ...base, ...extra, at_hash: atHash(accessToken, key.alg) };
    return this.sign(mergeDefined(payload, claims), 'JWT', { ...opts, kid: key.kid });
  }

  /** The served JWKS as it is now. */
  jwks(): Jwks {
    return this.keys.jwks();
  }

  /** The `kid` new tokens of `alg` (default: the first algorithm) are signed with. */
  currentKid(alg: SigningAlgorithm = this.algorithms[0]): string {
    return this.keys.currentKey(alg).kid;
  }

  /** Adds a published key that becomes current for its algorithm; returns its `kid`. */
  addKey(alg: SigningAlgorithm): string {
    return this.keys.create(alg);
  }

  /** Adds a key; `{ publish: false }` keeps it out of the JWKS (and not current). */
  createKey(alg: SigningAlgorithm, options?: CreateKeyOptions): string {
    return this.keys.create(alg, options);
  }

  /** Puts an unpublished or removed key into the JWKS. */
  publishKey(kid: string): void {
    this.keys.publish(kid);
  }

  /** Takes a key out of the JWKS (it can still mint, to test retired keys). */
  removeKey(kid: string): void {
    this.keys.remove(kid);
  }

  /**
   * Serves any JWK (or any value) in the JWKS after the issuer's own keys, unchecked: a key
   * made elsewhere, or a broken or hostile one for negative tests. Sign for it with
   * {@link signJwt} and its private key, or with the forges of `hostile-keys`.
   * @example issuer.publishJwk({ ...smallKey.publicKey.export({ format: 'jwk' }), kid: 'small' })
   */
  publishJwk(jwk: unknown): void {
    this.keys.addExtraJwk(jwk);
  }

  /** Stops serving every JWK added with {@link publishJwk}; the issuer's own keys stay. */
  clearPublishedJwks(): void {
    this.keys.clearExtraJwks();
  }

  /** Adds a new current key per algorithm; old keys stay published. Returns the new `kid`s. */
  rotateKeys(): string[] {
    return this.algorithms.map((alg) => this.keys.create(alg));
  }

  private signingKey(opts: MintOptions): TestKey {
    if (opts.kid !== undefined) return this.keys.get(opts.kid);
    return this.keys.currentKey(opts.alg ?? this.algorithms[0]);
  }

  private sign(payload: JsonObject, typ: string, opts: MintOptions): string {
    const key = this.signingKey(opts);
    const header = mergeDefined({ alg: key.alg, kid: key.kid, typ }, opts.header);
    return signJwt(header, payload, key.alg, key.privateKey);
  }
}
