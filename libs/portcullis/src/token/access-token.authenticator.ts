import { Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { logSafe } from '../common/log-safe';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import { InvalidTokenException, PortcullisException } from '../errors/portcullis.exceptions';
import type { Principal } from '../principal/principal';
import { checkClaims, checkHeader, type AccessTokenRules } from './access-token.rules';
import { mapPrincipal } from './claim-mapping';
import { JwksKeySource, type KeySourceLimits } from './jwks-key-source';
import { extractBearerToken, type BearerRequestView } from './bearer-extractor';
import { decodeJwt } from './jwt-decode';
import { PortcullisJwtStrategy } from './portcullis-jwt.strategy';
import type { TokenSettings } from './token-settings';
import { VerifiedTokenCache } from './verified-token.cache';

/** jsonwebtoken's errors, as passport-jwt hands them on. */
function fromJsonWebTokenError(error: unknown): PortcullisException {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TokenExpiredError') {
    return new InvalidTokenException('The token has expired', PortcullisErrorCode.TokenExpired);
  }
  if (name === 'NotBeforeError') return new InvalidTokenException('The token is not valid yet');
  if (error instanceof Error && error.message === 'invalid signature') {
    return new InvalidTokenException('The token signature is invalid');
  }
  return new InvalidTokenException('The access token is invalid');
}

/**
 * Decides who is calling: checks a bearer token's header and claim rules, finds its key in
 * the issuer's JWKS, has the passport-jwt strategy verify it, and returns the principal.
 * Tokens already verified are answered from a bounded cache. It is handed the token and key
 * slices of the module options, nothing else.
 */
export class AccessTokenAuthenticator {
  private readonly logger = new Logger('Portcullis');
  readonly rules: AccessTokenRules;
  readonly keySources: ReadonlyMap<string, JwksKeySource>;
  private readonly strategy: PortcullisJwtStrategy;
  private readonly cache: VerifiedTokenCache | undefined;

  constructor(options: TokenSettings, keyLimits: KeySourceLimits) {
    this.rules = {
      algorithms: options.algorithms,
      issuers: new Set(options.issuers.map((i) => i.issuer)),
      audiences: options.audiences,
      clockToleranceSeconds: options.clockToleranceSeconds,
      strict: options.strict,
      mapping: options.mapping,
    };
    this.keySources = new Map(
      options.issuers.map((i) => [i.issuer, new JwksKeySource(i.issuer, i.jwksUri, keyLimits)]),
    );
    this.strategy = new PortcullisJwtStrategy({
      principalOf: (claims, token) => mapPrincipal(claims, options.mapping, token),
      algorithms: [...options.algorithms],
      clockToleranceSeconds: options.clockToleranceSeconds,
    });
    this.cache =
      options.tokenCache === false
        ? undefined
        : new VerifiedTokenCache(
            options.tokenCache.maxEntries,
            options.tokenCache.maxAgeMs,
            options.clockToleranceSeconds * 1000,
          );
  }

  /** Fetches every issuer's keys once; throws only when discovery names another issuer. */
  async warmUp(): Promise<void> {
    await Promise.all([...this.keySources.values()].map((source) => source.warmUp()));
  }

  /** The principal of a token verified before and still in the cache, if any. */
  cachedPrincipal(token: string): Principal | undefined {
    return this.cache?.get(token);
  }

  /**
   * The principal of the bearer token in `credentials` (RFC 6750 extraction), or the
   * {@link PortcullisException} that answers them: from the cache when the token is there (one
   * lookup, no character scan), else verified (see {@link verify}). What the guard and the
   * GraphQL middleware read a request's caller with.
   */
  principalFrom(credentials: BearerRequestView): Principal | Promise<Principal> {
    let token: string;
    try {
      token = extractBearerToken(credentials, this.isCached);
    } catch (error) {
      this.cached = undefined;
      throw error;
    }
    const cached = this.cached;
    this.cached = undefined;
    return cached ?? this.verify(token);
  }

  /**
   * Extraction's `isKnown`: looks the token up in the cache and keeps what it found for
   * {@link principalFrom}. One function for every call (no closure each time); extraction is
   * synchronous, so the kept principal is always the current call's.
   */
  private readonly isCached = (token: string): boolean =>
    (this.cached = this.cachedPrincipal(token)) !== undefined;

  private cached: Principal | undefined;

  /**
   * The principal of a bearer token, or the {@link PortcullisException} that answers it.
   * The token is decoded once, here: a malformed token, a header or claim that breaks the
   * rules, or an unknown key is refused before the strategy runs; passport-jwt
   * (jsonwebtoken) then checks the signature with the key found.
   */
  async authenticate(token: string): Promise<Principal> {
    return this.cachedPrincipal(token) ?? (await this.verify(token));
  }

  /**
   * {@link authenticate} without the cache lookup (for a caller that just missed it): the
   * token is verified, and its principal offered to the cache (kept from its second
   * verification on, see `TokenAdmission`). Answers synchronously, principal or thrown
   * refusal, whenever the token's key is at hand (the strategy's signature check is
   * synchronous); with a promise only when the key has to be fetched first.
   */
  verify(token: string): Principal | Promise<Principal> {
    let key: KeyObject | Promise<KeyObject>;
    try {
      key = this.keyForToken(token);
    } catch (error) {
      throw this.toException(error);
    }
    if (key instanceof Promise) {
      return key.then(
        (found) => this.verifyWith(token, found),
        (error: unknown) => Promise.reject(this.toException(error)),
      );
    }
    return this.verifyWith(token, key);
  }

  private verifyWith(token: string, key: KeyObject): Principal {
    let principal: Principal;
    try {
      principal = this.strategy.verify({ token, key });
    } catch (error) {
      throw this.toException(error);
    }
    this.cache?.offer(token, principal, Date.now());
    return principal;
  }

  private keyForToken(token: string): KeyObject | Promise<KeyObject> {
    const { header, payload } = decodeJwt(token);
    checkHeader(header, this.rules);
    checkClaims(payload, this.rules, Date.now() / 1000);
    const source = this.keySources.get(payload.iss as string) as JwksKeySource;
    return source.keyFor(header.kid as string | undefined, header.alg as string);
  }

  private toException(error: unknown): PortcullisException {
    if (error instanceof PortcullisException) return error;
    const mapped = fromJsonWebTokenError(error);
    this.logger.debug(`Token refused: ${logSafe(error instanceof Error ? error.message : error)}`);
    return mapped;
  }
}
