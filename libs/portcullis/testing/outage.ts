import type { ServerResponse } from 'node:http';
import type { Jwks } from './key-set';

/** The ways the issuer's endpoints can fail; see {@link TestIssuer.simulateOutage}. */
export const OUTAGE_MODES = [
  'down',
  'refuse',
  'status500',
  'garbage',
  'wrong-keys',
  'empty',
  'slow',
  'hang',
] as const;

/**
 * How the endpoints fail:
 * - `down`: the socket is destroyed without an answer;
 * - `refuse`: the server stops listening, connections are refused;
 * - `status500`: `500 {"error":"server_error"}`;
 * - `garbage`: `200` with a body that is not JSON;
 * - `wrong-keys`: `200` JWKS of only symmetric (`oct`) keys and an RSA key with `use: 'enc'`;
 * - `empty`: `200 {"keys":[]}`;
 * - `slow`: headers, then one byte of the valid body every {@link SLOW_BYTE_INTERVAL_MS};
 * - `hang`: the request is accepted and never answered.
 */
export type OutageMode = (typeof OUTAGE_MODES)[number];

/** Which endpoint an outage hits. `wrong-keys` and `empty` only change the JWKS. */
export type OutageTarget = 'jwks' | 'discovery' | 'all';

/** One endpoint the issuer serves. */
export type IssuerEndpoint = 'jwks' | 'discovery';

/** Milliseconds between two bytes of a `slow` answer. */
export const SLOW_BYTE_INTERVAL_MS = 200;

/** What answering one request during an outage needs. */
export interface OutageContext {
  readonly endpoint: IssuerEndpoint;
  /** The body the endpoint would send without an outage. */
  readonly normalBody: string;
  /** The broken key set of `wrong-keys`. */
  wrongKeys(): Jwks;
  /** Sends the headers, then the body one byte at a time. */
  trickle(res: ServerResponse, body: string): void;
}

/** Sends a complete JSON answer. */
export function sendBody(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** Answers one request as `mode` says (never called for `refuse`: nothing is listening). */
export function answerDuringOutage(
  mode: OutageMode,
  res: ServerResponse,
  ctx: OutageContext,
): void {
  const isJwks = ctx.endpoint === 'jwks';
  switch (mode) {
    case 'down':
    case 'refuse':
      res.socket?.destroy();
      return;
    case 'hang':
      return;
    case 'status500':
      return sendBody(res, 500, '{"error":"server_error"}');
    case 'garbage':
      return sendBody(res, 200, '{"keys": [{"kty": "RSA", <html>502 Bad Gateway');
    case 'wrong-keys':
      return sendBody(res, 200, isJwks ? JSON.stringify(ctx.wrongKeys()) : ctx.normalBody);
    case 'empty':
      return sendBody(res, 200, isJwks ? '{"keys":[]}' : ctx.normalBody);
    case 'slow':
      return ctx.trickle(res, ctx.normalBody);
  }
}
