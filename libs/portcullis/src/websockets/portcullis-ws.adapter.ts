import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { Observable } from 'rxjs';
import { logSafe } from '../common/log-safe';
import {
  atExpiry,
  connectionOf,
  settleConnection,
  tokenExpired,
  wsRefusalBody,
  type WsConnectionState,
} from '../context/ws-connection';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import { HandshakeVerifier } from './handshake-verifier';
import { closeCodeOf } from './ws-refusal';
import { WsHandshake, type AdmittedConnection, type WebSocket } from './ws-handshake';
import {
  REAUTHENTICATE_EVENT,
  routingAuthenticate,
  type WsMessageParser,
} from './ws-message-parser';

/** Options of {@link PortcullisWsAdapter}. */
export interface PortcullisWsAdapterOptions {
  /**
   * How long a client without an `Authorization` header has to send its first message
   * `{"type":"authenticate","token":"..."}`, in milliseconds. Default 10 000.
   */
  authenticateTimeoutMs?: number;
  /** `WsAdapter`'s own option: how a message is parsed into `{ event, data }`. */
  messageParser?: WsMessageParser;
  /**
   * The largest message a client may send, in bytes, on every gateway whose own options set
   * no `maxPayload`: past it, ws closes the connection with 1009 (Message Too Big) before the
   * message is read. Default 1 MiB, as Mercurius' subscriptions; ws's own default is 100 MiB,
   * which a client could send before it authenticates.
   */
  maxPayload?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** {@link PortcullisWsAdapterOptions.maxPayload}'s default: 1 MiB. */
export const DEFAULT_WS_MAX_PAYLOAD = 1024 * 1024;

/** `WsAdapter.create`'s options: a gateway's, plus the port's server and path. */
type CreateOptions = Parameters<WsAdapter['create']>[1];

/** What a ws socket or server is, for its `error` event. */
interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Whether `value` is a whole number from 1 to `max`. */
const isCount = (value: number, max: number): boolean =>
  Number.isInteger(value) && value >= 1 && value <= max;

type Handshake = Promise<AdmittedConnection | undefined>;
type ConnectionListener = (client: WebSocket, request: IncomingMessage) => void;

/**
 * ws for Portcullis: a connection is verified once, with the same authenticator as HTTP,
 * before any gateway sees it: from the upgrade's `Authorization` header (non-browser
 * clients), or a first message `{"type":"authenticate","token":"..."}` within
 * `authenticateTimeoutMs` (browsers), answered `{"event":"authenticated","data":{"expiresAt"}}`.
 * Nothing else is accepted before it; a token in the URL query is refused. Refusals close the
 * socket: 4400 malformed, 4401 missing or invalid token, 4503 keys unavailable, our code as
 * the reason. At the token's expiry the socket is closed with 4401 `PORTCULLIS_TOKEN_EXPIRED`;
 * before that, the same `authenticate` message with a fresher token (same caller) renews it.
 * No message is read past `maxPayload` (1 MiB unless set): ws closes the socket with 1009.
 *
 * @example
 * ```ts
 * app.useWebSocketAdapter(new PortcullisWsAdapter(app, { authenticateTimeoutMs: 5_000 }));
 * ```
 */
export class PortcullisWsAdapter extends WsAdapter {
  private readonly verifier: HandshakeVerifier;
  private readonly timeoutMs: number;
  private readonly maxPayload: number;
  private readonly handshakes = new WeakMap<WebSocket, Handshake>();
  private readonly expiries = new WeakMap<WebSocket, () => void>();

  constructor(app: INestApplicationContext, options: PortcullisWsAdapterOptions = {}) {
    super(app);
    const timeout = options.authenticateTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!isCount(timeout, 2 ** 31 - 1)) {
      throw new PortcullisConfigError(
        'PortcullisWsAdapter: authenticateTimeoutMs must be a whole number of milliseconds >= 1',
      );
    }
    const maxPayload = options.maxPayload ?? DEFAULT_WS_MAX_PAYLOAD;
    if (!isCount(maxPayload, Number.MAX_SAFE_INTEGER)) {
      throw new PortcullisConfigError(
        'PortcullisWsAdapter: maxPayload must be a whole number of bytes >= 1',
      );
    }
    this.timeoutMs = timeout;
    this.maxPayload = maxPayload;
    this.verifier = HandshakeVerifier.of(app);
    // WsAdapter reads what a parser returns as `{ event, data }`, whatever its declared type.
    super.setMessageParser(
      routingAuthenticate(options.messageParser, options.messageParser !== undefined) as never,
    );
  }

  /** ws's server, with {@link PortcullisWsAdapterOptions.maxPayload} unless the gateway sets one. */
  override create(port: number, options?: CreateOptions): unknown {
    return super.create(port, {
      ...options,
      maxPayload: (options?.maxPayload as number | undefined) ?? this.maxPayload,
    });
  }

  /**
   * A client's socket errors are that client's doing (a message past `maxPayload`, a frame
   * that breaks the protocol, a reset connection): ws closes the socket itself, and the error
   * goes to the debug log, escaped, with no stack (WsAdapter logs each at error level, stack
   * included). The server's own errors stay at error level.
   */
  override bindErrorHandler(
    server: {
      on(event: 'connection', listener: (client: ErrorEmitter) => void): unknown;
    } & ErrorEmitter,
  ): unknown {
    server.on('connection', (client) =>
      client.on('error', (error: Error) =>
        this.logger.debug(`ws client error, connection closed: ${logSafe(error.message)}`),
      ),
    );
    server.on('error', (error) => this.logger.error(error));
    return server;
  }

  override setMessageParser(parser: WsMessageParser): void {
    super.setMessageParser(routingAuthenticate(parser, true) as never);
  }

  override bindClientConnect(
    server: { on(event: 'connection', listener: ConnectionListener): unknown },
    callback: ConnectionListener,
  ): void {
    server.on('connection', (client, request) => {
      let handshake = this.handshakes.get(client);
      if (handshake === undefined) {
        handshake = new WsHandshake(client, request, this.verifier, this.timeoutMs).settled;
        this.handshakes.set(client, handshake);
        handshake
          .then((admitted) => admitted && this.admit(client, admitted))
          .catch((error: unknown) => this.logger.error(error));
      }
      // Every gateway on this server binds its handlers once the connection is admitted. What
      // the app's connection hook throws is logged, as a listener's throw would be reported.
      handshake
        .then((admitted) => admitted && callback(client, request))
        .catch((error: unknown) => this.logger.error(error));
    });
  }

  override bindMessageHandlers(
    client: WebSocket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    const reauthenticate: MessageMappingProperties = {
      message: REAUTHENTICATE_EVENT,
      methodName: 'authenticate',
      callback: (data: unknown) => this.reauthenticate(client, data),
      isAckHandledManually: false,
    };
    super.bindMessageHandlers(client, [...handlers, reauthenticate], transform);
  }

  private admit(client: WebSocket, { state, viaMessage }: AdmittedConnection): void {
    settleConnection(client, state);
    this.armExpiry(client, state);
    client.once('close', () => this.expiries.get(client)?.());
    if (viaMessage) client.send(JSON.stringify(authenticated(state)));
  }

  private armExpiry(client: WebSocket, state: WsConnectionState): void {
    this.expiries.get(client)?.();
    const expired = tokenExpired();
    this.expiries.set(
      client,
      atExpiry(state.principal, () => client.close(closeCodeOf(expired), expired.code)),
    );
  }

  private async reauthenticate(client: WebSocket, data: unknown): Promise<object> {
    const token =
      typeof data === 'object' && data !== null && Object.hasOwn(data, 'token')
        ? (data as { token: unknown }).token
        : undefined;
    try {
      const state = await this.verifier.reverify(connectionOf(client), token);
      settleConnection(client, state);
      this.armExpiry(client, state);
      return authenticated(state);
    } catch (error) {
      return { event: 'exception', data: wsRefusalBody(this.verifier.asRefusal(error)) };
    }
  }
}

function authenticated(state: WsConnectionState): { event: string; data: { expiresAt: number } } {
  return { event: 'authenticated', data: { expiresAt: state.principal.expiresAt } };
}
