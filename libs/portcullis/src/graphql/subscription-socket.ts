import type { Principal } from '../principal/principal';

/** What Portcullis uses of a `ws` WebSocket (no import of `ws`). */
export interface ClosableSocket {
  close(code?: number, reason?: string | Buffer): void;
  once(event: 'close', listener: () => void): unknown;
}

/** graphql-ws's close code for a refused connection (its own `Forbidden`). */
export const FORBIDDEN_CLOSE = 4403;

// setTimeout fires at once past 2^31-1 ms: a longer life is re-armed in steps.
const MAX_DELAY = 2 ** 31 - 1;

/** A socket's one expiry timer, for the earliest deadline any of its principals has. */
interface Expiry {
  deadline: number;
  timer: NodeJS.Timeout | undefined;
}

const expiries = new WeakMap<ClosableSocket, Expiry>();

function arm(socket: ClosableSocket, expiry: Expiry): void {
  const left = expiry.deadline - Date.now();
  if (left <= 0) return socket.close(FORBIDDEN_CLOSE, 'Forbidden');
  expiry.timer = setTimeout(() => arm(socket, expiry), Math.min(left, MAX_DELAY));
  expiry.timer.unref();
}

/**
 * Closes the socket with 4403 when the principal's token expires (a timer that holds no
 * process). A socket has one timer whatever is called: a second principal on it (Mercurius
 * verifies a token sent with a subscription too) moves the deadline only earlier.
 */
export function closeAtExpiry(socket: ClosableSocket, principal: Principal): void {
  const deadline = principal.expiresAt * 1000;
  let expiry = expiries.get(socket);
  if (expiry === undefined) {
    const created: Expiry = { deadline, timer: undefined };
    expiries.set(socket, created);
    socket.once('close', () => clearTimeout(created.timer));
    expiry = created;
  } else if (expiry.deadline <= deadline) {
    return;
  }
  clearTimeout(expiry.timer);
  expiry.deadline = deadline;
  arm(socket, expiry);
}
