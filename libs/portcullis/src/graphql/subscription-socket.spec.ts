import { EventEmitter } from 'node:events';
import type { Principal } from '../principal/principal';
import { closeAtExpiry, FORBIDDEN_CLOSE, type ClosableSocket } from './subscription-socket';

/** A socket that records its close calls and emits `close` as `ws` does. */
class RecordingSocket extends EventEmitter implements ClosableSocket {
  readonly closes: Array<[number | undefined, unknown]> = [];

  close(code?: number, reason?: string | Buffer): void {
    this.closes.push([code, reason]);
    this.emit('close');
  }
}

const NOW = Date.UTC(2026, 0, 1);
const expiringIn = (seconds: number) => ({ expiresAt: NOW / 1000 + seconds }) as Principal;

describe('closeAtExpiry', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('closes with 4403 when the token expires, not a millisecond before', () => {
    const socket = new RecordingSocket();
    closeAtExpiry(socket, expiringIn(60));
    jest.advanceTimersByTime(59_999);
    expect(socket.closes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(socket.closes).toEqual([[FORBIDDEN_CLOSE, 'Forbidden']]);
  });

  it('closes at once for a token already expired', () => {
    const socket = new RecordingSocket();
    closeAtExpiry(socket, expiringIn(-1));
    expect(socket.closes).toEqual([[FORBIDDEN_CLOSE, 'Forbidden']]);
  });

  it('keeps one timer per socket: a later principal does not postpone, an earlier one advances', () => {
    const later = new RecordingSocket();
    closeAtExpiry(later, expiringIn(60));
    closeAtExpiry(later, expiringIn(600));
    closeAtExpiry(later, expiringIn(60));
    // However many principals a client brings (a token per Mercurius subscription start).
    expect([later.listenerCount('close'), jest.getTimerCount()]).toEqual([1, 1]);
    jest.advanceTimersByTime(60_000);
    expect(later.closes).toHaveLength(1);

    const earlier = new RecordingSocket();
    closeAtExpiry(earlier, expiringIn(600));
    closeAtExpiry(earlier, expiringIn(30));
    jest.advanceTimersByTime(30_000);
    expect(earlier.closes).toHaveLength(1);
    // Its first timer was replaced: nothing more fires at the first deadline.
    jest.advanceTimersByTime(600_000);
    expect(earlier.closes).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a socket closed before expiry leaves no timer behind', () => {
    const socket = new RecordingSocket();
    closeAtExpiry(socket, expiringIn(60));
    socket.emit('close');
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(120_000);
    expect(socket.closes).toEqual([]);
  });

  it('re-arms in steps past the longest setTimeout (about 24.8 days)', () => {
    const socket = new RecordingSocket();
    closeAtExpiry(socket, expiringIn(30 * 24 * 3600));
    jest.advanceTimersByTime(2 ** 31 - 1);
    expect(socket.closes).toEqual([]);
    jest.advanceTimersByTime(30 * 24 * 3600 * 1000 - (2 ** 31 - 1));
    expect(socket.closes).toEqual([[FORBIDDEN_CLOSE, 'Forbidden']]);
  });
});
