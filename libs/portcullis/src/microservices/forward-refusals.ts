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

const MAX_MESSAGE_LENGTH = 200;

function seconds(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 1;
}

/**
 * The Portcullis refusal a TCP service answered with (its `{ status, code, message }`), as
 * the exception it was there; `undefined` for any other error. The code decides, so a
 * service cannot make another status of it.
 */
export function refusalFromRpc(error: unknown): PortcullisException | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, scope, retryAfter } = error as Record<string, unknown>;
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
 * Answers a refusal of the service called as the route's own refusal (a 404 stays a 404,
 * not Nest's 500 for an unknown error): pipe a `ClientProxy.send` through it.
 *
 * @example
 * ```ts
 * return this.billing.send('invoices.get', withAccessToken({ id }, me)).pipe(forwardRefusals());
 * ```
 */
export function forwardRefusals<T>(): MonoTypeOperatorFunction<T> {
  return catchError((error: unknown) => throwError(() => refusalFromRpc(error) ?? error));
}
