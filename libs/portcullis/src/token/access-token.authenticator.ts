import { Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import { InvalidTokenException, PortcullisException } from '../errors/portcullis.exceptions';
import type { ResolvedPortcullisOptions } from '../portcullis-options.validation';
import type { Principal } from '../principal/principal';
import { checkClaims, checkHeader, type AccessTokenRules } from './access-token.rules';
import { mapPrincipal } from './claim-mapping';
import { JwksKeySource } from './jwks-key-source';
import { decodeJwt } from './jwt-decode';
import { BEARER_TOKEN, PortcullisJwtStrategy, STRATEGY_NAME } from './portcullis-jwt.strategy';
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
 * Decides who is calling: verifies a bearer token through the passport-jwt strategy
 * (header and claim rules, key from the issuer's JWKS, signature) and returns the
 * principal. Tokens already verified are answered from a bounded cache.
 */
export class AccessTokenAuthenticator {
  private readonly logger = new Logger('Portcullis');
  readonly rules: AccessTokenRules;
  readonly keySources: ReadonlyMap<string, JwksKeySource>;
  private readonly strategy: PortcullisJwtStrategy;
  private readonly cache: VerifiedTokenCache | undefined;

  constructor(private readonly options: ResolvedPortcullisOptions) {
    this.rules = {
      algorithms: options.algorithms,
      issuers: new Set(options.issuers.map((i) => i.issuer)),
      audiences: options.audiences,
      clockToleranceSeconds: options.clockToleranceSeconds,
      strict: options.strict,
      mapping: options.mapping,
    };
    this.keySources = new Map(
      options.issuers.map((i) => [
        i.issuer,
        new JwksKeySource(i.issuer, i.jwksUri, options.keyLimits),
      ]),
    );
    this.strategy = new PortcullisJwtStrategy({
      keyForToken: (token) => this.keyForToken(token),
      principalOf: (claims) => mapPrincipal(claims, options.mapping),
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

  /** The principal of a bearer token, or the {@link PortcullisException} that answers it. */
  async authenticate(token: string, request: object, response: unknown): Promise<Principal> {
    const cached = this.cache?.get(token);
    if (cached !== undefined) return cached;
    (request as Record<symbol, unknown>)[BEARER_TOKEN] = token;
    const principal = await new Promise<Principal>((resolve, reject) => {
      const passport = this.strategy.getPassportInstance();
      const authenticate = passport.authenticate(
        STRATEGY_NAME,
        { session: false },
        (error: unknown, user: Principal | false, info: unknown) =>
          user ? resolve(user) : reject(this.toException(error ?? info)),
      );
      authenticate(request, response, (error: unknown) => reject(this.toException(error)));
    });
    this.cache?.set(token, principal, Date.now());
    return principal;
  }

  private async keyForToken(token: string): Promise<KeyObject> {
    const { header, payload } = decodeJwt(token);
    checkHeader(header, this.rules);
    checkClaims(payload, this.rules, Date.now() / 1000);
    const source = this.keySources.get(payload.iss as string) as JwksKeySource;
    return source.keyFor(header.kid as string | undefined, header.alg as string);
  }

  private toException(error: unknown): PortcullisException {
    if (error instanceof PortcullisException) return error;
    const mapped = fromJsonWebTokenError(error);
    this.logger.debug(`Token refused: ${error instanceof Error ? error.message : String(error)}`);
    return mapped;
  }
}
