import { catchError, throwError, type MonoTypeOperatorFunction } from 'rxjs';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import {
  AccessDeniedException,
  InsufficientScopeException,
  InvalidRequestException,
  InvalidTokenException,
  KeysUnavailableException,
  MissingTokenException,
  PermissionsUnavailableException,
  ResourceNotFoundException,
  type PortcullisException,
} from '../errors/portcullis.exceptions';
import { grpcStatusOf } from './rpc-refusal-exception';

const MAX_MESSAGE_LENGTH = 200;

function seconds(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 1;
}

/** What a grpc-js client error carries (its `ServiceError`), read without importing grpc-js. */
interface GrpcErrorView {
  readonly code: number;
  readonly details: string;
  readonly metadata: { get(key: string): unknown[] };
}

function isGrpcError(error: object): error is GrpcErrorView {
  const { code, details, metadata } = error as Record<string, unknown>;
  return (
    typeof code === 'number' &&
    typeof details === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as { get?: unknown }).get === 'function'
  );
}

/** The first value of a gRPC trailer, when it is a string. */
function trailer(error: GrpcErrorView, key: string): string | undefined {
  const values = error.metadata.get(key);
  return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : undefined;
}

/** The refusal a TCP body (`{ status, code, message }` and the details) describes. */
function refusalOf(fields: Record<string, unknown>): PortcullisException | undefined {
  const { code, message, scope, retryAfter } = fields;
  if (typeof message !== 'string' || message.length > MAX_MESSAGE_LENGTH) return undefined;
  switch (code) {
    case PortcullisErrorCode.MissingToken:
      return new MissingTokenException();
    case PortcullisErrorCode.InvalidRequest:
      return new InvalidRequestException(message);
    case PortcullisErrorCode.InvalidToken:
    case PortcullisErrorCode.TokenExpired:
      return new InvalidTokenException(message, code);
    case PortcullisErrorCode.InsufficientScope:
      return new InsufficientScopeException(
        typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
      );
    case PortcullisErrorCode.Forbidden:
      return new AccessDeniedException(message);
    case PortcullisErrorCode.NotFound:
      return new ResourceNotFoundException(message);
    case PortcullisErrorCode.KeysUnavailable:
      return new KeysUnavailableException(seconds(retryAfter));
    case PortcullisErrorCode.PermissionsUnavailable:
      return new PermissionsUnavailableException(seconds(retryAfter));
    default:
      return undefined;
  }
}

/**
 * A gRPC refusal: the status, `details` as the message, and the trailers a Portcullis service
 * sets (`portcullis-code`, `portcullis-scope`, `retry-after`). The status must be the one that
 * code is answered with, so a trailer alone cannot turn another failure into a refusal.
 */
function refusalFromGrpc(error: GrpcErrorView): PortcullisException | undefined {
  const retryAfter = trailer(error, 'retry-after');
  const refusal = refusalOf({
    code: trailer(error, 'portcullis-code'),
    message: error.details,
    scope: trailer(error, 'portcullis-scope'),
    retryAfter: retryAfter === undefined ? undefined : Number(retryAfter),
  });
  return refusal !== undefined && grpcStatusOf(refusal.getStatus()) === error.code
    ? refusal
    : undefined;
}

/**
 * The Portcullis refusal a service answered with, as the exception it was there; `undefined`
 * for any other error. TCP: its `{ status, code, message }` body; gRPC: a grpc-js error whose
 * trailers name the Portcullis code. The code decides, so a service cannot make another
 * status of it.
 */
export function refusalFromRpc(error: unknown): PortcullisException | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (isGrpcError(error)) return refusalFromGrpc(error);
  return refusalOf(error as Record<string, unknown>);
}

/**
 * Answers a refusal of the service called as the route's own refusal (a 404 stays a 404,
 * not Nest's 500 for an unknown error): pipe a `ClientProxy.send`, or a `ClientGrpc`
 * service's method, through it.
 *
 * @example
 * ```ts
 * return this.billing.send('invoices.get', withAccessToken({ id }, me)).pipe(forwardRefusals());
 * ```
 */
export function forwardRefusals<T>(): MonoTypeOperatorFunction<T> {
  return catchError((error: unknown) => throwError(() => refusalFromRpc(error) ?? error));
}
