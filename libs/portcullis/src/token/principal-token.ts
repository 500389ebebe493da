import { HolderSlot } from '../common/holder-slot';
import type { Principal } from '../principal/principal';

/**
 * Where a principal keeps the raw token it was verified from: a private field of a
 * {@link HolderSlot}, so `JSON.stringify(principal)`, spreading it and `console.log` /
 * `util.inspect` (apps log principals) never show the token, and no code but this file's
 * reads it. On the principal rather than in a `WeakMap` beside it: set once when the principal
 * is built, and gone with it.
 */
const tokens = new HolderSlot<string>('portcullis:access-token');

/** Gives a principal under construction (not frozen yet) the token it was verified from. */
export function attachToken<T extends object>(principal: T, token: string): T {
  tokens.set(principal, token);
  return principal;
}

/**
 * The access token a principal was verified from, to forward it to another service on the
 * caller's behalf; `undefined` for a principal Portcullis did not verify.
 */
export function accessTokenOf(principal: Principal): string | undefined {
  return tokens.get(principal);
}
