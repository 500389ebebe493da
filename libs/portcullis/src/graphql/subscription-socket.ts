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

/** Closes the socket with 4403 when the principal's token expires (a timer that holds no process). */
export function closeAtExpiry(socket: ClosableSocket, principal: Principal): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const left = principal.expiresAt * 1000 - Date.now();
    if (left <= 0) return socket.close(FORBIDDEN_CLOSE, 'Forbidden');
    timer = setTimeout(arm, Math.min(left, MAX_DELAY));
    timer.unref();
  };
  socket.once('close', () => clearTimeout(timer));
  arm();
}
