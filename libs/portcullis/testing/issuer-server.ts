import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { JsonObject } from './jwt-forge';
import type { Jwks } from './key-set';
import {
  answerDuringOutage,
  sendBody,
  SLOW_BYTE_INTERVAL_MS,
  type IssuerEndpoint,
  type OutageMode,
  type OutageTarget,
} from './outage';

/** The documents the server answers with, read at each request. */
export interface IssuerRoutes {
  readonly discoveryPath: string;
  readonly jwksPath: string;
  discovery(): JsonObject;
  /** The JWKS, or any value served in its place (a string is the body text itself). */
  jwks(): unknown;
  wrongKeys(): Jwks;
  /** The token endpoint's path and handler, if the issuer has one (outages do not reach it). */
  readonly tokenPath?: string;
  token?(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * The HTTP side of the test issuer, on 127.0.0.1: routes, fetch counters, outages, and a
 * record of every socket and timer so that {@link IssuerServer.stop} leaves nothing open.
 */
export class IssuerServer {
  /** Requests that reached the JWKS endpoint, outages included. */
  jwksFetches = 0;
  /** Requests that reached the discovery endpoint, outages included. */
  discoveryFetches = 0;
  private mode: OutageMode | undefined;
  private target: OutageTarget = 'all';
  private port = 0;
  private stopped = false;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(private readonly routes: IssuerRoutes) {
    this.server = createServer((req, res) => this.answer(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /**
   * Starts a server on 127.0.0.1.
   * @param port the port; 0 for any free one
   */
  static async start(routes: IssuerRoutes, port = 0): Promise<IssuerServer> {
    const server = new IssuerServer(routes);
    await server.listen(port);
    return server;
  }

  /** The port, kept across `refuse` outages. */
  get listeningPort(): number {
    return this.port;
  }

  /** The outage in force, if any. */
  get outage(): OutageMode | undefined {
    return this.mode;
  }

  /** Switches to an outage mode (`refuse` closes the listener and open connections). */
  async simulateOutage(mode: OutageMode, target: OutageTarget): Promise<void> {
    this.mode = mode;
    this.target = target;
    if (mode !== 'refuse') return this.ensureListening();
    await this.closeListener();
    // Lets in-process clients see their pooled keep-alive sockets closed before reusing them.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Ends any outage; after `refuse`, listens again on the same port. */
  async restore(): Promise<void> {
    this.mode = undefined;
    await this.ensureListening();
  }

  /** Clears every timer, destroys every socket and closes the server. Idempotent. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    await this.closeListener();
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path === this.routes.tokenPath && this.routes.token) return this.routes.token(req, res);
    const endpoint = this.endpointOf(path);
    if (!endpoint) return sendBody(res, 404, '{"error":"not_found"}');
    if (endpoint === 'jwks') this.jwksFetches++;
    else this.discoveryFetches++;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendBody(res, 405, '{"error":"method_not_allowed"}');
    }
    const document = endpoint === 'jwks' ? this.routes.jwks() : this.routes.discovery();
    const normalBody = typeof document === 'string' ? document : JSON.stringify(document);
    const hit = this.mode && (this.target === 'all' || this.target === endpoint);
    if (!this.mode || !hit) return sendBody(res, 200, normalBody);
    answerDuringOutage(this.mode, res, {
      endpoint,
      normalBody,
      wrongKeys: () => this.routes.wrongKeys(),
      trickle: (response, body) => this.trickle(response, body),
    });
  }

  private endpointOf(path: string): IssuerEndpoint | undefined {
    if (path === this.routes.jwksPath) return 'jwks';
    if (path === this.routes.discoveryPath) return 'discovery';
    return undefined;
  }

  private trickle(res: ServerResponse, body: string): void {
    const bytes = Buffer.from(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
    res.flushHeaders();
    let sent = 0;
    const timer = setInterval(() => {
      res.write(bytes.subarray(sent, ++sent));
      if (sent >= bytes.length) finish();
    }, SLOW_BYTE_INTERVAL_MS);
    const finish = (): void => {
      clearInterval(timer);
      this.timers.delete(timer);
      if (!res.writableEnded && !res.destroyed) res.end();
    };
    this.timers.add(timer);
    res.on('close', finish);
  }

  private async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  private async ensureListening(): Promise<void> {
    if (!this.stopped && !this.server.listening) await this.listen(this.port);
  }

  private async closeListener(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
