import { WsException } from '@nestjs/websockets';
import { registerWsException, wsRefusalBody } from '../context/ws-connection';
import type { PortcullisException } from '../errors/portcullis.exceptions';

// Loading this subpath is what lets a refused gateway message become a `WsException` (the
// context layer cannot import @nestjs/websockets: an HTTP-only app does not install it).
registerWsException((body) => new WsException(body));

/**
 * The close code of a refused ws connection: 4000 + the HTTP status (4400 malformed, 4401
 * missing, invalid or expired token, 4403 refused re-authentication, 4503 keys unavailable).
 */
export function closeCodeOf(error: PortcullisException): number {
  return 4000 + error.getStatus();
}

/**
 * socket.io's `connect_error` for a refused handshake: the message is ours, `data` is
 * `{ status, code }` (and `retryAfter` with a 503).
 */
export function connectError(error: PortcullisException): Error & { data: object } {
  const { status, code, retryAfter } = wsRefusalBody(error);
  const data = retryAfter === undefined ? { status, code } : { status, code, retryAfter };
  return Object.assign(new Error(error.message), { data });
}
