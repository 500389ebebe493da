import type { IncomingMessage } from 'node:http';
import type { WsConnectionState } from '../context/ws-connection';
import { InvalidRequestException, MissingTokenException } from '../errors/portcullis.exceptions';
import {
  HandshakeVerifier,
  MAX_TOKEN_LENGTH,
  queryCarriesToken,
  tokenInQuery,
} from './handshake-verifier';
import { closeCodeOf } from './ws-refusal';

/** A frame as `ws` hands it to a `message` listener. */
export type RawData = Buffer | ArrayBuffer | Buffer[];

/**
 * What Portcullis uses of a `ws` WebSocket, structurally: the declarations it ships name no
 * type of `ws` (whose types are a separate package).
 */
export interface WebSocket {
  readonly readyState: number;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown;
  off(event: 'message' | 'close', listener: (...args: never[]) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  emit(event: 'message', data: RawData, isBinary: boolean): boolean;
  close(code?: number, reason?: string): void;
  send(data: string): void;
}

/** The `type` of the message a ws client authenticates with: `{"type":"authenticate","token":"..."}`. */
export const AUTHENTICATE_TYPE = 'authenticate';

/** The largest `authenticate` message read (bytes): a token and a little JSON around it. */
const MAX_AUTHENTICATE_BYTES = MAX_TOKEN_LENGTH + 1024;

/** Messages a client may send after its `authenticate` message, before it is verified. */
const MAX_EARLY_MESSAGES = 32;

const OPEN = 1;

function byteLength(data: RawData): number {
  return Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
}

/** The token of a first message, or the refusal: 400 when malformed, 401 when not `authenticate`. */
export function tokenOfAuthenticateMessage(
  verifier: HandshakeVerifier,
  data: RawData,
  isBinary: boolean,
): string {
  if (isBinary || byteLength(data) > MAX_AUTHENTICATE_BYTES) {
    throw new InvalidRequestException('The authenticate message is malformed or too large');
  }
  let message: unknown;
  try {
    message = JSON.parse(
      Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Buffer.concat(data as Buffer[]).toString('utf8'),
    );
  } catch {
    throw new InvalidRequestException('The authenticate message is not JSON');
  }
  const record =
    typeof message === 'object' && message !== null ? (message as Record<string, unknown>) : {};
  if (!Object.hasOwn(record, 'type') || record.type !== AUTHENTICATE_TYPE)
    throw new MissingTokenException();
  return verifier.valueToken(Object.hasOwn(record, 'token') ? record.token : undefined);
}

/** A connection the handshake admitted: its state, and whether a message carried the token. */
export interface AdmittedConnection {
  readonly state: WsConnectionState;
  readonly viaMessage: boolean;
}

/**
 * The handshake of one ws connection: the `Authorization` header when the upgrade carried
 * one, else a first message `{"type":"authenticate","token":"..."}` within the timeout.
 * Messages the client sends after that message, while it is verified, are held and handed
 * on once the connection is admitted. A refusal closes the socket with 4000 + the status and
 * our code as the reason. {@link settled} resolves with the admitted connection, or
 * `undefined` when it was refused or closed.
 */
export class WsHandshake {
  readonly settled: Promise<AdmittedConnection | undefined>;
  private resolve!: (admitted: AdmittedConnection | undefined) => void;
  private readonly early: Array<[RawData, boolean]> = [];
  private awaitingMessage = false;
  private done = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: WebSocket,
    request: IncomingMessage,
    private readonly verifier: HandshakeVerifier,
    timeoutMs: number,
  ) {
    this.settled = new Promise((resolve) => (this.resolve = resolve));
    client.on('message', this.onMessage);
    client.once('close', this.onClose);
    this.start(request, timeoutMs);
  }

  /** The header's token, or a wait for the authenticate message. */
  private start(request: IncomingMessage, timeoutMs: number): void {
    try {
      if (queryCarriesToken(request.url ?? '')) throw tokenInQuery();
      const token = this.verifier.headerToken(request.rawHeaders);
      if (token !== undefined) return this.verify(token, false);
    } catch (error) {
      return this.refuse(error);
    }
    this.awaitingMessage = true;
    this.timer = setTimeout(() => this.refuse(new MissingTokenException()), timeoutMs);
    this.timer.unref();
  }

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    if (this.done) return;
    if (this.awaitingMessage) {
      this.awaitingMessage = false;
      clearTimeout(this.timer);
      try {
        return this.verify(tokenOfAuthenticateMessage(this.verifier, data, isBinary), true);
      } catch (error) {
        return this.refuse(error);
      }
    }
    this.early.push([data, isBinary]);
    if (this.early.length > MAX_EARLY_MESSAGES) {
      this.refuse(new InvalidRequestException('Too many messages before authentication'));
    }
  };

  private readonly onClose = (): void => this.end(undefined);

  private verify(token: string, viaMessage: boolean): void {
    this.verifier.verify(token).then((state) => {
      if (this.done) return;
      if (this.client.readyState !== OPEN) return this.end(undefined);
      this.end({ state, viaMessage });
      // After every gateway bound its handlers (the promise's reactions run first), the
      // held messages reach them in order.
      queueMicrotask(() => {
        for (const [data, isBinary] of this.early) this.client.emit('message', data, isBinary);
      });
    }, this.refuse);
  }

  private readonly refuse = (error: unknown): void => {
    if (this.done) return;
    this.end(undefined);
    const refusal = this.verifier.asRefusal(error);
    if (this.client.readyState === OPEN) this.client.close(closeCodeOf(refusal), refusal.code);
  };

  private end(admitted: AdmittedConnection | undefined): void {
    this.done = true;
    clearTimeout(this.timer);
    this.client.off('message', this.onMessage);
    this.client.off('close', this.onClose);
    this.resolve(admitted);
  }
}
