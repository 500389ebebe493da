import type { AnyMongoAbility } from '@casl/ability';
import { atDeadline } from '../common/deadline-timer';
import { hasExpired } from './connection-access';
import { InvalidTokenException, PortcullisException } from '../errors/portcullis.exceptions';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import type { Principal } from '../principal/principal';

/**
 * What a WebSocket connection keeps once its handshake is verified: its principal (never
 * re-read from a message), and how to get its ability (for broadcasts). Set by the
 * Portcullis adapters (`nest-portcullis/websockets`); replaced by a re-authentication.
 */
export interface WsConnectionState {
  readonly principal: Principal;
  readonly abilityOf: () => Promise<AnyMongoAbility>;
}

/** What a refused message or handshake tells the client: status, our code, a safe message. */
export interface WsRefusalBody {
  readonly status: number;
  readonly code: PortcullisErrorCode;
  readonly message: string;
  /** With a 503: the seconds to wait before trying again (HTTP's `Retry-After`). */
  readonly retryAfter?: number;
}

// By socket (a socket.io Socket or a `ws` WebSocket): nothing a client sends can reach it.
const connections = new WeakMap<object, WsConnectionState>();

/** Keeps the verified state of a connection (at the handshake, or a re-authentication). */
export function settleConnection(socket: object, state: WsConnectionState): void {
  connections.set(socket, state);
}

/** The verified state of a connection, if its handshake was verified by a Portcullis adapter. */
export function connectionOf(socket: object): WsConnectionState | undefined {
  return connections.get(socket);
}

/** The principal of a connection, if it has one and its token has not expired. */
export function livePrincipalOf(socket: object): Principal | undefined {
  const principal = connections.get(socket)?.principal;
  return principal !== undefined && !hasExpired(principal) ? principal : undefined;
}

/** The refusal of a call on a connection whose token has expired (401). */
export function tokenExpired(): InvalidTokenException {
  return new InvalidTokenException('The token has expired', PortcullisErrorCode.TokenExpired);
}

/** The body a client is told for a refusal (the REST body's fields, no headers). */
export function wsRefusalBody(error: PortcullisException): WsRefusalBody {
  const body = { status: error.getStatus(), code: error.code, message: error.message };
  const { retryAfter } = error.refusalDetails();
  return retryAfter === undefined ? body : { ...body, retryAfter };
}

/**
 * How a refusal becomes what Nest's gateway exception filter sends as an `exception` event:
 * a `WsException` whose error is the body. Registered by `nest-portcullis/websockets` when it
 * is loaded, so the library's main entry never loads `@nestjs/websockets`.
 */
let wsExceptionOf: ((body: WsRefusalBody) => Error) | undefined;

/** Registers the `WsException` factory (done by `nest-portcullis/websockets`). */
export function registerWsException(factory: (body: WsRefusalBody) => Error): void {
  wsExceptionOf = factory;
}

/** The exception a gateway handler's refusal is thrown as (the refusal itself without the factory). */
export function toWsException(error: PortcullisException): Error {
  return wsExceptionOf?.(wsRefusalBody(error)) ?? error;
}

/**
 * Calls `onExpiry` when the principal's token expires (at once if it has). The timer holds
 * no process (`unref`); the returned function cancels it (call it on disconnect).
 */
export function atExpiry(principal: Principal, onExpiry: () => void): () => void {
  return atDeadline(principal.expiresAt * 1000, onExpiry);
}
