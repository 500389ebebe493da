import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import {
  atExpiry,
  connectionOf,
  settleConnection,
  tokenExpired,
  wsRefusalBody,
} from '../context/ws-connection';
import { InvalidRequestException, MissingTokenException } from '../errors/portcullis.exceptions';
import { HandshakeVerifier, queryCarriesToken, tokenInQuery } from './handshake-verifier';
import { connectError } from './ws-refusal';

/** The event a socket.io client sends `{ token }` with to re-authenticate an open connection. */
export const AUTHENTICATE_EVENT = 'authenticate';

type Ack = (answer: unknown) => void;
// socket.io's types as @nestjs/platform-socket.io sees them (it may carry its own copy).
type IoServer = ReturnType<IoAdapter['create']>;
type IoCreateOptions = Parameters<IoAdapter['create']>[1];
type Socket = Parameters<IoAdapter['bindMessageHandlers']>[0];

/**
 * socket.io for Portcullis: each namespace's handshake is verified once, with the same
 * authenticator as HTTP, before the connection is usable. The token comes from the client's
 * `auth: { token }` (browsers), or an `Authorization: Bearer` header; a token in the URL query
 * is refused. A refused handshake is a `connect_error` whose `data` is `{ status, code }`
 * (400, 401 or 503). When the token expires the socket gets an `exception` event
 * `PORTCULLIS_TOKEN_EXPIRED`, then is disconnected; before that, the client may send
 * `authenticate` with `{ token }` (a fresher token for the same caller), acknowledged with
 * `{ ok: true, expiresAt }` or `{ error: { status, code, message } }`.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule);
 * app.useWebSocketAdapter(new PortcullisIoAdapter(app));
 * ```
 */
export class PortcullisIoAdapter extends IoAdapter {
  private readonly verifier: HandshakeVerifier;
  private readonly guarded = new WeakSet<object>();
  private readonly expiries = new WeakMap<Socket, () => void>();

  constructor(app: INestApplicationContext) {
    super(app);
    this.verifier = HandshakeVerifier.of(app);
  }

  override create(port: number, options?: IoCreateOptions): IoServer {
    const server = super.create(port, options);
    if (!this.guarded.has(server)) {
      this.guarded.add(server);
      server.use((socket, next) => {
        this.admit(socket).then(
          () => next(),
          (error: unknown) => next(connectError(this.verifier.asRefusal(error))),
        );
      });
    }
    return server;
  }

  override bindClientConnect(server: IoServer, callback: (socket: Socket) => void): void {
    server.on('connection', (socket: Socket) => {
      // Once per socket, however many gateways share its namespace.
      if (!this.expiries.has(socket)) this.watch(socket);
      callback(socket);
    });
  }

  /** Arms the socket's expiry, and listens for its re-authentications. */
  private watch(socket: Socket): void {
    this.armExpiry(socket);
    socket.on(AUTHENTICATE_EVENT, (payload: unknown, ack?: unknown) => {
      void this.reauthenticate(
        socket,
        payload,
        typeof ack === 'function' ? (ack as Ack) : undefined,
      );
    });
    socket.once('disconnect', () => this.expiries.get(socket)?.());
  }

  /** Verifies the handshake's token and keeps the connection's state; throws the refusal. */
  private async admit(socket: Socket): Promise<void> {
    const { auth, query } = socket.handshake;
    if (queryCarriesToken(query)) throw tokenInQuery();
    const fromHeader = this.verifier.headerToken(socket.request.rawHeaders);
    const hasAuthToken = typeof auth === 'object' && auth !== null && Object.hasOwn(auth, 'token');
    if (hasAuthToken && fromHeader !== undefined) {
      throw new InvalidRequestException('More than one access token in the handshake');
    }
    const token = hasAuthToken ? this.verifier.valueToken(auth.token) : fromHeader;
    if (token === undefined) throw new MissingTokenException();
    settleConnection(socket, await this.verifier.verify(token));
  }

  private armExpiry(socket: Socket): void {
    this.expiries.get(socket)?.();
    const principal = connectionOf(socket)?.principal;
    if (principal === undefined) return void this.expiries.set(socket, () => undefined);
    const cancel = atExpiry(principal, () => {
      socket.emit('exception', wsRefusalBody(tokenExpired()));
      socket.disconnect();
    });
    this.expiries.set(socket, cancel);
  }

  private async reauthenticate(
    socket: Socket,
    payload: unknown,
    ack: Ack | undefined,
  ): Promise<void> {
    const token =
      typeof payload === 'object' && payload !== null && Object.hasOwn(payload, 'token')
        ? (payload as { token: unknown }).token
        : undefined;
    try {
      const state = await this.verifier.reverify(connectionOf(socket), token);
      if (!socket.connected) return;
      settleConnection(socket, state);
      this.armExpiry(socket);
      ack?.({ ok: true, expiresAt: state.principal.expiresAt });
    } catch (error) {
      const body = wsRefusalBody(this.verifier.asRefusal(error));
      if (ack !== undefined) ack({ error: body });
      else socket.emit('exception', body);
    }
  }
}
