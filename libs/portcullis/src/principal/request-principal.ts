import type { Principal } from './principal';
import { ensureRequestState, requestState } from './request-state';

/** The principal the guard attached to a request, if it authenticated one. */
export function principalOf(request: object): Principal | undefined {
  return requestState(request)?.principal as Principal | undefined;
}

/** Attaches the principal to a request. */
export function attachPrincipal(request: object, principal: Principal): void {
  ensureRequestState(request).principal = principal;
}
