/**
 * What the guard attaches to one request: its principal, and for routes with a policy its
 * ability and loaded resource. Kept beside the request in a `WeakMap` rather than as
 * properties on it: Express's request object has no fixed shape (its prototype is swapped),
 * so every property added to it costs a dictionary insert, several times a `WeakMap` entry.
 */
export interface RequestState {
  principal: unknown;
  ability: unknown;
  resource: unknown;
}

const states = new WeakMap<object, RequestState>();

/** The state attached to `request`, if the guard attached any. */
export function requestState(request: object): RequestState | undefined {
  return states.get(request);
}

/** The state of `request`, created empty on first use. */
export function ensureRequestState(request: object): RequestState {
  let state = states.get(request);
  if (state === undefined) {
    state = { principal: undefined, ability: undefined, resource: undefined };
    states.set(request, state);
  }
  return state;
}
