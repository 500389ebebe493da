import { atDeadline } from '../common/deadline-timer';
import type { Principal } from '../principal/principal';

/** What Portcullis uses of a `ws` WebSocket (no import of `ws`). */
export interface ClosableSocket {
  close(code?: number, reason?: string | Buffer): void;
  once(event: 'close', listener: () => void): unknown;
}

/** graphql-ws's close code for a refused connection (its own `Forbidden`). */
export const FORBIDDEN_CLOSE = 4403;

/** A socket's one expiry timer, for the earliest deadline any of its principals has. */
interface Expiry {
  deadline: number;
  cancel: () => void;
}

const expiries = new WeakMap<ClosableSocket, Expiry>();

/**
 * Closes the socket with 4403 when the principal's token expires (a timer that holds no
 * process). A socket has one timer whatever is called: a second principal on it (Mercurius
 * verifies a token sent with a subscription too) moves the deadline only earlier.
 */
export function closeAtExpiry(socket: ClosableSocket, principal: Principal): void {
  const deadline = principal.expiresAt * 1000;
  let expiry = expiries.get(socket);
  if (expiry === undefined) {
    const created: Expiry = { deadline, cancel: () => undefined };
    expiries.set(socket, created);
    socket.once('close', () => created.cancel());
    expiry = created;
  } else if (expiry.deadline <= deadline) {
    return;
  }
  expiry.cancel();
  expiry.deadline = deadline;
  expiry.cancel = atDeadline(deadline, () => socket.close(FORBIDDEN_CLOSE, 'Forbidden'));
}
