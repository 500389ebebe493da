import type { AnyMongoAbility } from '@casl/ability';
import { HolderSlot } from '../common/holder-slot';
import type { Principal } from '../principal/principal';

/**
 * What the guard attaches to one call: its principal, and for handlers with a policy its
 * ability and loaded resource. Kept on the call's holder (the HTTP request; a GraphQL
 * operation's context object; a message's payload or transport context) by a
 * {@link HolderSlot}: hidden, and gone with the holder without a trip through the old
 * generation.
 */
export interface CallState {
  principal: Principal | undefined;
  ability: AnyMongoAbility | undefined;
  resource: unknown;
}

const states = new HolderSlot<CallState>('portcullis:call-state');

/** The state kept for `holder`, if the guard kept any. */
export function callStateOf(holder: object): CallState | undefined {
  return states.get(holder);
}

/**
 * The state of `holder`, created empty on first use; kept beside the holder rather than on it
 * when `aside` (the call context's `keepsStateAside`: an Express request).
 */
export function ensureCallState(holder: object, aside = false): CallState {
  let state = states.get(holder);
  if (state === undefined) {
    state = { principal: undefined, ability: undefined, resource: undefined };
    if (aside) states.setAside(holder, state);
    else states.set(holder, state);
  }
  return state;
}

/**
 * The principal the guard attached to a request (an HTTP request object), if it
 * authenticated one. In a handler, prefer `@CurrentPrincipal()`, which works in every kind
 * of context.
 */
export function principalOf(request: object): Principal | undefined {
  return states.get(request)?.principal;
}
