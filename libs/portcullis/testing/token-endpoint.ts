import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from './jwt-forge';
import { sendBody } from './outage';

/** The path of the test issuer's token endpoint, after its origin and `issuerPath`. */
export const TOKEN_PATH = '/oauth/token';

/** A client the test issuer's token endpoint knows (see `TestIssuer.registerClient`). */
export interface ClientRegistration {
  readonly clientSecret: string;
  /** The scopes the client may ask for, space-separated; all of them when it asks for none. */
  readonly scope?: string;
  /** Lifetime of its tokens in seconds (`expires_in`). Default 300. */
  readonly expiresIn?: number;
  /** Claims merged over the client token's (`undefined` removes one). */
  readonly claims?: JsonObject;
}

/** Mints the access token of a client: its claims, and its lifetime. */
export type ClientTokenMint = (claims: JsonObject, expiresIn: number) => string;

const MAX_FORM_BYTES = 8 * 1024;

function credentialsOf(req: IncomingMessage, form: URLSearchParams): [string, string] | undefined {
  const header = req.headers.authorization ?? '';
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return undefined;
    // RFC 6749 section 2.3.1: both are form-encoded before Basic encoding.
    const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
    return [decode(decoded.slice(0, colon)), decode(decoded.slice(colon + 1))];
  }
  const id = form.get('client_id');
  const secret = form.get('client_secret');
  return id !== null && secret !== null ? [id, secret] : undefined;
}

/**
 * A minimal OAuth 2.0 token endpoint for tests: the client credentials grant only
 * (RFC 6749 section 4.4), `client_secret_basic` or `client_secret_post`, errors as the RFC
 * names them (`invalid_client` 401, `unsupported_grant_type` and `invalid_scope` 400).
 */
export class TokenEndpoint {
  /** Requests that reached the endpoint. */
  requests = 0;
  private readonly clients = new Map<string, ClientRegistration>();

  constructor(private readonly mint: ClientTokenMint) {}

  /** Registers (or replaces) a client. */
  register(clientId: string, registration: ClientRegistration): void {
    this.clients.set(clientId, registration);
  }

  /** Answers one request to the token endpoint. */
  answer(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    if (req.method !== 'POST') return sendBody(res, 405, '{"error":"method_not_allowed"}');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_FORM_BYTES) req.destroy();
    });
    req.on('end', () => this.grant(req, res, new URLSearchParams(body)));
  }

  private grant(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
    const error = (status: number, code: string) =>
      sendBody(res, status, JSON.stringify({ error: code }));
    const credentials = credentialsOf(req, form);
    const client = credentials && this.clients.get(credentials[0]);
    if (!credentials || !client || client.clientSecret !== credentials[1]) {
      return error(401, 'invalid_client');
    }
    if (form.get('grant_type') !== 'client_credentials')
      return error(400, 'unsupported_grant_type');
    const allowed = (client.scope ?? '').split(' ').filter(Boolean);
    const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (asked.some((scope) => !allowed.includes(scope))) return error(400, 'invalid_scope');
    const scope = (asked.length > 0 ? asked : allowed).join(' ');
    const expiresIn = client.expiresIn ?? 300;
    const claims = { sub: credentials[0], client_id: credentials[0], scope, ...client.claims };
    const token = this.mint(claims, expiresIn);
    const answer = { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope };
    sendBody(res, 200, JSON.stringify(answer));
  }
}
