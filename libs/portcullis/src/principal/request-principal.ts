import type { Principal } from './principal';

/** Where the guard keeps the principal on the request object. */
export const REQUEST_PRINCIPAL = Symbol.for('portcullis:principal');

/** The principal the guard attached to a request, if it authenticated one. */
export function principalOf(request: object): Principal | undefined {
  return (request as Record<symbol, Principal | undefined>)[REQUEST_PRINCIPAL];
}

/** Attaches the principal to a request. */
export function attachPrincipal(request: object, principal: Principal): void {
  (request as Record<symbol, Principal>)[REQUEST_PRINCIPAL] = principal;
}
