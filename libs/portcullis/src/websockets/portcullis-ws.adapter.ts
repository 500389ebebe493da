import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { Observable } from 'rxjs';
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
}

const DEFAULT_TIMEOUT_MS = 10_000;

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
 *
 * @example
 * ```ts
 * app.useWebSocketAdapter(new PortcullisWsAdapter(app, { authenticateTimeoutMs: 5_000 }));
 * ```
 */
export class PortcullisWsAdapter extends WsAdapter {
  private readonly verifier: HandshakeVerifier;
  private readonly timeoutMs: number;
  private readonly handshakes = new WeakMap<WebSocket, Handshake>();
  private readonly expiries = new WeakMap<WebSocket, () => void>();

  constructor(app: INestApplicationContext, options: PortcullisWsAdapterOptions = {}) {
    super(app);
    const timeout = options.authenticateTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 2 ** 31 - 1) {
      throw new PortcullisConfigError(
        'PortcullisWsAdapter: authenticateTimeoutMs must be a whole number of milliseconds >= 1',
      );
    }
    this.timeoutMs = timeout;
    this.verifier = HandshakeVerifier.of(app);
    // WsAdapter reads what a parser returns as `{ event, data }`, whatever its declared type.
    super.setMessageParser(
      routingAuthenticate(options.messageParser, options.messageParser !== undefined) as never,
    );
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
