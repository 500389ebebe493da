import { HttpException, HttpStatus } from '@nestjs/common';
import { PortcullisErrorCode } from './portcullis-error-codes';
import { bearerChallenge, type BearerChallenge } from './www-authenticate';

/** The JSON body of every Portcullis error answer. */
export interface PortcullisErrorBody {
  statusCode: number;
  code: PortcullisErrorCode;
  message: string;
}

/**
 * What a refusal says beyond its status, code and message, for transports that carry no
 * headers (GraphQL extensions, gateway and RPC error bodies): the scopes an
 * `insufficient_scope` refusal needs, or the seconds a 503 asks the caller to wait.
 */
export interface RefusalDetails {
  /** With `PORTCULLIS_INSUFFICIENT_SCOPE`: the scopes needed, space-separated. */
  readonly scope?: string;
  /** With a 503: the seconds to wait before trying again (REST's `Retry-After`). */
  readonly retryAfter?: number;
}

/**
 * Base of every exception Portcullis throws: a stable `code`, a message safe for
 * clients, and what the answer's headers must say. The guard turns those into
 * `WWW-Authenticate` / `Retry-After` in one place ({@link PortcullisException.responseHeaders}).
 */
export abstract class PortcullisException extends HttpException {
  protected constructor(
    status: HttpStatus,
    readonly code: PortcullisErrorCode,
    message: string,
    /** The Bearer challenge to send, if the answer carries one (realm added by the guard). */
    readonly challenge?: Omit<BearerChallenge, 'realm'>,
  ) {
    const body: PortcullisErrorBody = { statusCode: status, code, message };
    // A refusal (4xx) answers the client and is no fault of the code: capturing the stack
    // (through Nest's and Express's frames) is most of what constructing one costs, and a
    // flood of bad tokens pays it on every request. A 503 keeps its stack.
    const stackTraceLimit = Error.stackTraceLimit;
    if (status < 500) Error.stackTraceLimit = 0;
    super(body, status);
    Error.stackTraceLimit = stackTraceLimit;
  }

  /** The headers this answer must carry, with the module's realm in the challenge. */
  responseHeaders(realm?: string): Record<string, string> {
    return this.challenge
      ? { 'WWW-Authenticate': bearerChallenge({ realm, ...this.challenge }) }
      : {};
  }

  /** {@link RefusalDetails}: none unless the refusal has some. */
  refusalDetails(): RefusalDetails {
    return {};
  }
}

/** 401 without an error code: the request carried no bearer token at all (RFC 6750 section 3.1). */
export class MissingTokenException extends PortcullisException {
  constructor() {
    super(
      HttpStatus.UNAUTHORIZED,
      PortcullisErrorCode.MissingToken,
      'An access token is required.',
      {},
    );
  }
}

/** 400 `invalid_request`: the request is malformed (two tokens, a broken header). */
export class InvalidRequestException extends PortcullisException {
  constructor(description: string) {
    super(HttpStatus.BAD_REQUEST, PortcullisErrorCode.InvalidRequest, description, {
      error: 'invalid_request',
      errorDescription: description,
    });
  }
}

/** 401 `invalid_token`: the token is not a valid access token for this API. */
export class InvalidTokenException extends PortcullisException {
  constructor(description: string, code: PortcullisErrorCode = PortcullisErrorCode.InvalidToken) {
    super(HttpStatus.UNAUTHORIZED, code, description, {
      error: 'invalid_token',
      errorDescription: description,
    });
  }
}

/** 403 `insufficient_scope`: the token lacks scopes the route needs (RFC 6750 section 3.1). */
export class InsufficientScopeException extends PortcullisException {
  constructor(readonly requiredScopes: readonly string[]) {
    super(
      HttpStatus.FORBIDDEN,
      PortcullisErrorCode.InsufficientScope,
      'The access token does not carry the scopes this operation needs.',
      {
        error: 'insufficient_scope',
        errorDescription: 'The access token lacks a required scope',
        scope: requiredScopes.join(' '),
      },
    );
  }

  override refusalDetails(): RefusalDetails {
    return { scope: this.requiredScopes.join(' ') };
  }
}

/** 403: the policy does not let this caller do this. The reason goes to the debug log only. */
export class AccessDeniedException extends PortcullisException {
  constructor(message = 'You are not allowed to perform this operation.') {
    super(HttpStatus.FORBIDDEN, PortcullisErrorCode.Forbidden, message);
  }
}

/** 404: the resource does not exist, or the route hides from this caller that it does. */
export class ResourceNotFoundException extends PortcullisException {
  constructor(message = 'The resource does not exist.') {
    super(HttpStatus.NOT_FOUND, PortcullisErrorCode.NotFound, message);
  }
}

/** 503 with `Retry-After`: the issuer's keys cannot be had now and the token's key is not cached. */
export class KeysUnavailableException extends PortcullisException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      PortcullisErrorCode.KeysUnavailable,
      'The token cannot be verified right now. Try again later.',
    );
  }

  override responseHeaders(): Record<string, string> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }

  override refusalDetails(): RefusalDetails {
    return { retryAfter: this.retryAfterSeconds };
  }
}

/**
 * 503 with `Retry-After`: the app's permissions provider failed. A store outage is not the
 * caller's fault (so not 403), and a decision on partial data is never made (so not 200).
 */
export class PermissionsUnavailableException extends PortcullisException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      PortcullisErrorCode.PermissionsUnavailable,
      'Permissions cannot be checked right now. Try again later.',
    );
  }

  override responseHeaders(): Record<string, string> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }

  override refusalDetails(): RefusalDetails {
    return { retryAfter: this.retryAfterSeconds };
  }
}
