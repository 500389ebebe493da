import type { Principal } from '../principal/principal';

// The raw token each principal was verified from. Beside the principal, not a property of
// it: a principal is logged and serialised by apps (`JSON.stringify(principal)`), its token
// must not be. Keyed weakly: an entry lives as long as the principal (a cached one included).
const tokens = new WeakMap<Principal, string>();

/** Records the token `principal` was verified from (by the authenticator only). */
export function rememberToken(principal: Principal, token: string): void {
  tokens.set(principal, token);
}

/**
 * The access token a principal was verified from, to forward it to another service on the
 * caller's behalf; `undefined` for a principal Portcullis did not verify.
 */
export function accessTokenOf(principal: Principal): string | undefined {
  return tokens.get(principal);
}
