import { RPC_AUTHORIZATION_FIELD } from '../context/rpc-credentials';
import type { Principal } from '../principal/principal';
import { accessTokenOf } from '../token/principal-token';

/**
 * Whose token a call carries: a raw access token (a service's own, see
 * `ClientCredentialsToken`), or a principal Portcullis verified (the current caller's
 * token, forwarded: `@CurrentPrincipal()`).
 */
export type TokenSource = string | Principal;

/** What Portcullis writes on a grpc-js `Metadata` (no import of `@grpc/grpc-js`). */
export interface OutgoingMetadata {
  set(key: string, value: string): void;
}

function bearerOf(source: TokenSource): string {
  const token = typeof source === 'string' ? source : accessTokenOf(source);
  if (token === undefined || token.length === 0) {
    // A principal from elsewhere, or a @Public() route's undefined one cast away.
    throw new TypeError('No access token to send: the principal was not verified by Portcullis');
  }
  return `Bearer ${token}`;
}

/**
 * A copy of a TCP payload carrying the token in its `authorization` field, the envelope a
 * Portcullis-guarded handler reads (and removes before the handler sees the payload).
 *
 * @example
 * ```ts
 * @Get('notes/:id')
 * note(@Param('id') id: string, @CurrentPrincipal() me: Principal) {
 *   return this.notes.send('notes.get', withAccessToken({ id }, me)); // the caller's token
 * }
 * ```
 */
export function withAccessToken<T extends object>(
  payload: T,
  source: TokenSource,
): T & { authorization: string } {
  if (Array.isArray(payload)) throw new TypeError('A payload carrying a token must be an object');
  return { ...payload, [RPC_AUTHORIZATION_FIELD]: bearerOf(source) } as T & {
    authorization: string;
  };
}

/**
 * Sets the `authorization` metadata of an outgoing gRPC call (replacing any) and returns
 * the metadata.
 *
 * @example
 * ```ts
 * this.notes.getNote({ id }, setAccessToken(new Metadata(), me));
 * ```
 */
export function setAccessToken<M extends OutgoingMetadata>(metadata: M, source: TokenSource): M {
  metadata.set(RPC_AUTHORIZATION_FIELD, bearerOf(source));
  return metadata;
}
