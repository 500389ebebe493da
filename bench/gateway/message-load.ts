import { io } from 'socket.io-client';
import WebSocket from 'ws';

/** The gateway platforms the bench runs on. */
export type Platform = 'socket.io' | 'ws';

/** Messages kept in flight on the connection: enough to keep the server busy. */
const WINDOW = 64;

/**
 * Sends `count` messages `event` over `connection`, at most {@link WINDOW} unanswered at a
 * time, and resolves with the answered messages per second (each answer checked: a refusal
 * stops the bench).
 */
export function messagesPerSecond(
  connection: Connection,
  event: string,
  count: number,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    let started = 0;
    const onAnswer = (answer: unknown): void => {
      if (answer !== 1) return reject(new Error(`${event} answered ${JSON.stringify(answer)}`));
      answered += 1;
      if (answered === count) return resolve(count / ((performance.now() - started) / 1000));
      if (sent < count) send();
    };
    const send = (): void => {
      sent += 1;
      connection.send(event, onAnswer);
    };
    started = performance.now();
    for (let i = 0; i < WINDOW && sent < count; i++) send();
  });
}

/** One client connection, its handshake done (the token verified once, there). */
export function connect(platform: Platform, port: number, token: string): Promise<Connection> {
  return platform === 'ws' ? wsConnection(port, token) : ioConnection(port, token);
}

/** What the bench does with a connection. */
export interface Connection {
  send(event: string, onAnswer: (answer: unknown) => void): void;
  close(): void;
}

function ioConnection(port: number, token: string): Promise<Connection> {
  const socket = io(`http://127.0.0.1:${port}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () =>
      resolve({
        send: (event, onAnswer) => void socket.emit(event, null, onAnswer),
        close: () => void socket.close(),
      }),
    );
  });
}

function wsConnection(port: number, token: string): Promise<Connection> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  // ws answers in order on one connection: the oldest waiting callback gets the next answer.
  const waiting: Array<(answer: unknown) => void> = [];
  socket.on('message', (raw: WebSocket.RawData) => waiting.shift()?.(JSON.parse(String(raw))));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        send: (event, onAnswer) => {
          waiting.push(onAnswer);
          socket.send(JSON.stringify({ event, data: null }));
        },
        close: () => socket.close(),
      }),
    );
  });
}
