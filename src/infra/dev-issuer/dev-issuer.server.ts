import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonWebKey } from 'node:crypto';

/** Path of the JWKS on the development issuer. */
export const DEV_JWKS_PATH = '/.well-known/jwks.json';
/** Path of the OpenID discovery document. */
export const DEV_DISCOVERY_PATH = '/.well-known/openid-configuration';

/** What the server publishes; `issuer` is known once it listens. */
export interface DevIssuerDocuments {
  discovery(): Record<string, unknown>;
  jwks(): { keys: JsonWebKey[] };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Serves discovery and the JWKS on 127.0.0.1 only: the public half of the development
 * issuer. Nothing else; tokens are minted in-process (by the demo and the token CLI).
 *
 * @param port the port; 0 for any free one
 * @returns the server and the port it listens on
 */
export async function serveDevIssuer(
  port: number,
  documents: DevIssuerDocuments,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'method not allowed' });
    if (path === DEV_DISCOVERY_PATH) return sendJson(res, 200, documents.discovery());
    if (path === DEV_JWKS_PATH) return sendJson(res, 200, documents.jwks());
    sendJson(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
