import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { WsPlatform } from './gateway-app';

/** How a connection ended, as the client saw it. */
export interface Ended {
  /** socket.io: the `disconnect` reason; ws: the close code. */
  readonly code: number | string;
  /** ws: the close reason; socket.io: the last `exception` event's code, if any. */
  readonly reason: string | undefined;
}

/** What a refused handshake told the client: socket.io's `connect_error` data, ws's close. */
export interface Refusal {
  readonly status: unknown;
  readonly code: unknown;
}

/** One real client connection, socket.io or ws, with the same few verbs. */
export interface GatewayClient {
  /**
   * The handshake's refusal: socket.io `connect_error` `data`; ws the close code - 4000 and
   * the reason. `undefined` once connected (socket.io) or when closed otherwise (ws).
   */
  readonly refusal: Promise<Refusal | undefined>;
  /** Settles when the connection ends. */
  readonly ended: Promise<Ended>;
  /** `exception` events received. */
  readonly exceptions: unknown[];
  /** Other events received (ws: every message that was not an answer). */
  readonly events: Array<{ event: string; data: unknown }>;
  /** Sends `event` and resolves with the answer: the ack (socket.io), the reply (ws). */
  request(event: string, data?: unknown): Promise<unknown>;
  /**
   * Re-authenticates with `token`: socket.io `authenticate` with an ack; ws the message
   * `{"type":"authenticate","token"}`. Resolves with the ack, or the `authenticated` or
   * `exception` message (ws, as `{ error }` for the latter).
   */
  authenticate(token: unknown): Promise<unknown>;
  /** Sends `event` with no ack asked (socket.io), or a raw frame (ws). */
  send(event: string, data?: unknown): void;
  close(): void;
}

/** How a client authenticates (each platform supports a subset). */
export interface Credentials {
  /** socket.io `auth` object. */
  readonly auth?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  /** Appended to the URL (the refused way). */
  readonly query?: string;
  /** ws: the first message, sent on open (an object is JSON-encoded). */
  readonly first?: unknown;
}

const TIMEOUT_MS = 3_000;

/** ws messages the server pushes unasked: never the answer to a request. */
const PUSHED = new Set(['authenticated', 'note:created']);

function ioClient(port: number, credentials: Credentials): GatewayClient {
  const socket: Socket = io(`http://127.0.0.1:${port}${credentials.query ?? ''}`, {
    auth: credentials.auth ?? {},
    extraHeaders: credentials.headers,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const exceptions: unknown[] = [];
  const events: Array<{ event: string; data: unknown }> = [];
  socket.on('exception', (data: unknown) => exceptions.push(data));
  socket.onAny((event: string, data: unknown) => {
    if (event !== 'exception') events.push({ event, data });
  });
  const refusal = new Promise<Refusal | undefined>((resolve) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', (error: Error & { data?: Refusal }) =>
      resolve({ status: error.data?.status, code: error.data?.code }),
    );
  });
  const ended = new Promise<Ended>((resolve) => {
    socket.once('disconnect', (reason: string) => {
      const last = exceptions[exceptions.length - 1] as { code?: string } | undefined;
      resolve({ code: reason, reason: last?.code });
    });
  });
  return {
    refusal,
    ended,
    exceptions,
    events,
    request: (event, data) =>
      socket.timeout(TIMEOUT_MS).emitWithAck(event, data) as Promise<unknown>,
    authenticate: (token) =>
      socket.timeout(TIMEOUT_MS).emitWithAck('authenticate', { token }) as Promise<unknown>,
    send: (event, data) => void socket.emit(event, data),
    close: () => void socket.close(),
  };
}

function wsClient(port: number, credentials: Credentials): GatewayClient {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/${credentials.query ?? ''}`, {
    headers: credentials.headers,
  });
  const exceptions: unknown[] = [];
  const events: Array<{ event: string; data: unknown }> = [];
  // Pending answers, each with what it accepts: a reply to a request is any message but the
  // pushed ones; an authentication's answer is `authenticated` or `exception`.
  const waiting: Array<{ accepts: (event?: string) => boolean; resolve: (m: unknown) => void }> =
    [];
  const answer = (accepts: (event?: string) => boolean, frame: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${frame}`)), TIMEOUT_MS);
      waiting.push({
        accepts,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      });
      sendWhenOpen(frame);
    });
  socket.on('message', (raw: WebSocket.RawData) => {
    const message = JSON.parse(String(raw)) as unknown;
    const { event, data } = (message ?? {}) as { event?: string; data?: unknown };
    if (event === 'exception') exceptions.push(data);
    else if (event !== undefined) events.push({ event, data });
    const at = waiting.findIndex((w) => w.accepts(event));
    if (at !== -1)
      waiting.splice(at, 1)[0].resolve(event === 'exception' ? { error: data } : message);
  });
  socket.on('error', () => undefined);
  const ended = new Promise<Ended>((resolve) =>
    socket.once('close', (code: number, reason: Buffer) =>
      resolve({ code, reason: String(reason) }),
    ),
  );
  const open = new Promise<void>((resolve) => socket.once('open', () => resolve()));
  const sendWhenOpen = (frame: string): void =>
    void open.then(() => socket.readyState === WebSocket.OPEN && socket.send(frame));
  socket.once('open', () => {
    const first = credentials.first;
    if (first === undefined) return;
    socket.send(
      typeof first === 'string' || Buffer.isBuffer(first) ? first : JSON.stringify(first),
    );
  });
  const refusal = ended.then(({ code, reason }) =>
    Number(code) >= 4000 ? { status: Number(code) - 4000, code: reason } : undefined,
  );
  return {
    refusal,
    ended,
    exceptions,
    events,
    request: (event, data) =>
      answer((e) => e === undefined || !PUSHED.has(e), JSON.stringify({ event, data })),
    authenticate: (token) =>
      answer(
        (e) => e === 'authenticated' || e === 'exception',
        JSON.stringify({ type: 'authenticate', token }),
      ),
    send: (event, data) => sendWhenOpen(JSON.stringify({ event, data })),
    close: () => socket.close(),
  };
}

/** A real client of `platform` on the app's port. */
export function connectClient(
  platform: WsPlatform,
  port: number,
  credentials: Credentials,
): GatewayClient {
  return platform === 'socket.io' ? ioClient(port, credentials) : wsClient(port, credentials);
}

/** The usual credentials of a platform: socket.io `auth.token`, ws the Authorization header. */
export function withToken(platform: WsPlatform, token: string): Credentials {
  return platform === 'socket.io'
    ? { auth: { token } }
    : { headers: { Authorization: `Bearer ${token}` } };
}
