import { InvalidRequestException } from '../errors/portcullis.exceptions';
import type { BearerRequestView } from '../token/bearer-extractor';
import type { GrpcMetadataView } from './rpc-refusal';

/**
 * The payload field a caller without headers (TCP, and the transports that carry a JSON
 * payload) sends its token in: `{ "authorization": "Bearer <token>", ...data }`. Portcullis
 * removes it from the payload before a guarded handler runs.
 */
export const RPC_AUTHORIZATION_FIELD = 'authorization';

/**
 * The longest `authorization` value read, in characters (HTTP servers bound a header the same
 * way): a longer one is refused with 400 before anything scans it.
 */
export const MAX_RPC_AUTHORIZATION_LENGTH = 8192;

/** What credentials extraction is handed: the `authorization` values as headers, or a refusal. */
export type RpcCredentials = BearerRequestView | InvalidRequestException;

const NO_CREDENTIALS: BearerRequestView = { rawHeaders: [] };

/** grpc-js's `Metadata`, recognised by shape (no import of `@grpc/grpc-js`). */
export function isGrpcMetadata(value: unknown): value is GrpcMetadataView {
  const view = value as Partial<GrpcMetadataView> | null | undefined;
  return (
    typeof view === 'object' &&
    view !== null &&
    typeof view.get === 'function' &&
    typeof view.set === 'function' &&
    typeof view.getMap === 'function'
  );
}

/** One `authorization` value as a header value, or the 400 it gets. */
function checked(value: unknown, where: string): string | InvalidRequestException {
  if (typeof value !== 'string') return new InvalidRequestException(`The ${where} must be text`);
  if (value.length > MAX_RPC_AUTHORIZATION_LENGTH) {
    return new InvalidRequestException(`The ${where} is too long`);
  }
  return value;
}

/**
 * The credentials of a gRPC call: its `authorization` metadata values (two of them are
 * refused by extraction as two headers are). A binary or oversized value is a 400.
 */
export function grpcCredentials(metadata: GrpcMetadataView): RpcCredentials {
  let values: unknown[];
  try {
    values = metadata.get(RPC_AUTHORIZATION_FIELD);
  } catch {
    return new InvalidRequestException('The authorization metadata is malformed');
  }
  const rawHeaders: string[] = [];
  for (const value of Array.isArray(values) ? values : []) {
    const header = checked(value, 'authorization metadata');
    if (header instanceof InvalidRequestException) return header;
    rawHeaders.push(RPC_AUTHORIZATION_FIELD, header);
  }
  return { rawHeaders };
}

/**
 * The credentials of a message whose payload carries them, taken OUT of the payload: the
 * handler never sees the token in its data (nor stores it, nor validates it). A payload that
 * is not an object (a string, an array, nothing) carries no token.
 */
export function takeEnvelopeCredentials(payload: unknown): RpcCredentials {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return NO_CREDENTIALS;
  }
  if (!Object.hasOwn(payload, RPC_AUTHORIZATION_FIELD)) return NO_CREDENTIALS;
  const value = (payload as Record<string, unknown>)[RPC_AUTHORIZATION_FIELD];
  Reflect.deleteProperty(payload, RPC_AUTHORIZATION_FIELD);
  const header = checked(value, 'authorization field');
  if (header instanceof InvalidRequestException) return header;
  return { rawHeaders: [RPC_AUTHORIZATION_FIELD, header] };
}
