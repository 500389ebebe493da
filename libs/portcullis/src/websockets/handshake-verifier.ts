import { Logger, type INestApplicationContext } from '@nestjs/common';
import { AbilityResolver } from '../authorization/ability-resolver';
import { logSafe } from '../common/log-safe';
import { hasExpired } from '../context/connection-access';
import { tokenExpired, type WsConnectionState } from '../context/ws-connection';
import {
  AccessDeniedException,
  InvalidRequestException,
  InvalidTokenException,
  PortcullisException,
} from '../errors/portcullis.exceptions';
import { AccessTokenAuthenticator } from '../token/access-token.authenticator';
import { extractBearerToken, isAuthorizationHeaderName } from '../token/bearer-extractor';

/** The longest token a handshake or `authenticate` message may carry (characters). */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/** Query parameters that would put a token in a URL (RFC 6750 section 5.3: URLs are logged). */
const QUERY_TOKEN_NAMES = new Set(['access_token', 'token', 'authorization', 'bearer']);

/** Whether a parsed query (or a URL's query string) carries a token-like parameter. */
export function queryCarriesToken(query: unknown): boolean {
  if (typeof query === 'string') {
    const at = query.indexOf('?');
    if (at === -1) return false;
    return [...new URLSearchParams(query.slice(at + 1)).keys()].some((key) =>
      QUERY_TOKEN_NAMES.has(key.toLowerCase()),
    );
  }
  if (typeof query !== 'object' || query === null) return false;
  return Object.keys(query).some((key) => QUERY_TOKEN_NAMES.has(key.toLowerCase()));
}

/** The refusal of a token sent in a URL's query. */
export function tokenInQuery(): InvalidRequestException {
  return new InvalidRequestException(
    'Send the access token in the handshake, not in the URL query',
  );
}

/**
 * Verifies the token of a WebSocket handshake (or of an `authenticate` message) with the
 * same authenticator as HTTP, and builds the connection's state. Every refusal is a
 * {@link PortcullisException}: 400 for a malformed value, 401 for a missing or invalid
 * token, 503 when the issuer's keys cannot be had.
 */
export class HandshakeVerifier {
  private readonly logger = new Logger('Portcullis');

  constructor(
    private readonly authenticator: AccessTokenAuthenticator,
    private readonly abilities: AbilityResolver,
  ) {}

  /** The verifier of an app that imports `PortcullisModule`. */
  static of(app: INestApplicationContext): HandshakeVerifier {
    return new HandshakeVerifier(
      app.get(AccessTokenAuthenticator, { strict: false }),
      app.get(AbilityResolver, { strict: false }),
    );
  }

  /** The token of an `Authorization` header, if the headers carry one (RFC 6750 rules). */
  headerToken(rawHeaders: readonly string[]): string | undefined {
    const hasHeader = rawHeaders.some(
      (value, i) => i % 2 === 0 && isAuthorizationHeaderName(value),
    );
    return hasHeader ? extractBearerToken({ rawHeaders }) : undefined;
  }

  /**
   * A token sent as a value (socket.io `auth.token`, a ws `authenticate` message): a string
   * of at most {@link MAX_TOKEN_LENGTH} characters, with or without `Bearer `.
   */
  valueToken(value: unknown): string {
    if (typeof value !== 'string') {
      throw new InvalidRequestException('The access token must be a string');
    }
    if (value.length > MAX_TOKEN_LENGTH) {
      throw new InvalidRequestException('The access token is too long');
    }
    const header = /^bearer /i.test(value) ? value : `Bearer ${value}`;
    return extractBearerToken({ rawHeaders: ['authorization', header] });
  }

  /**
   * The state of a connection whose token is `token`, or the refusal. A token past its `exp`
   * (accepted within the clock tolerance over HTTP) is refused: the connection would be
   * ended at once, at its expiry.
   */
  async verify(token: string): Promise<WsConnectionState> {
    const principal = await this.authenticator.authenticate(token);
    if (hasExpired(principal)) throw tokenExpired();
    return { principal, abilityOf: () => this.abilities.abilityFor(principal) };
  }

  /**
   * A re-authentication: a fresher token for the same caller (issuer and subject). A token of
   * another caller is refused (403): what the connection joined was decided for the first.
   */
  async reverify(
    current: WsConnectionState | undefined,
    value: unknown,
  ): Promise<WsConnectionState> {
    const next = await this.verify(this.valueToken(value));
    const before = current?.principal;
    if (
      before === undefined ||
      before.sub !== next.principal.sub ||
      before.issuer !== next.principal.issuer
    ) {
      throw new AccessDeniedException('A connection re-authenticates as the same caller only.');
    }
    return next;
  }

  /** Any error as a refusal: an unexpected one is logged and answered as an invalid token. */
  asRefusal(error: unknown): PortcullisException {
    if (error instanceof PortcullisException) return error;
    this.logger.error(
      `WebSocket handshake failed: ${logSafe(error instanceof Error ? error.message : error)}`,
    );
    return new InvalidTokenException('The access token is invalid');
  }
}
