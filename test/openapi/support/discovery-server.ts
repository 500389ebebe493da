import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An authorization server's discovery document, served for real on 127.0.0.1 at
 * `<issuer>/.well-known/openid-configuration`: the endpoints a client gets tokens from
 * (the TestIssuer publishes keys, not endpoints). Keys stay with the TestIssuer (`jwks_uri`).
 */
export class DiscoveryServer {
  private constructor(
    private readonly server: Server,
    private readonly fields: Record<string, unknown>,
  ) {}

  /** Starts serving `fields` (plus `issuer`) on a free port. */
  static async start(fields: Record<string, unknown>): Promise<DiscoveryServer> {
    const holder: { fields: Record<string, unknown> } = { fields: {} };
    const server = createServer((request, response) => {
      if (request.url !== '/.well-known/openid-configuration') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(holder.fields));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    holder.fields = { issuer, ...fields };
    return new DiscoveryServer(server, holder.fields);
  }

  /** The issuer URL the document names (its `issuer`). */
  get issuer(): string {
    return this.fields.issuer as string;
  }

  /** Stops the server and its open connections. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
