import { HolderSlot } from '../common/holder-slot';
import type { Principal } from '../principal/principal';

/**
 * A principal settled before a GraphQL call reaches the guard: by the GraphQL middleware for
 * an HTTP request (verified once for every field and every operation of a batch), or at a
 * subscription's `connection_init` (verified once for the socket). `principal` undefined: the
 * connection carried no usable token (a subscription context never falls back to headers).
 */
export interface SettledCaller {
  readonly principal: Principal | undefined;
}

/**
 * The key a subscription's connection state is kept under in the GraphQL context (Mercurius
 * merges what `onConnect` returns into it) or in graphql-ws's `ctx.extra` (Apollo). A symbol:
 * nothing a client sends can set it.
 */
export const PORTCULLIS_CONNECTION: unique symbol = Symbol('portcullis:connection');

/** A GraphQL context as both drivers hand it to resolvers and subscription filters. */
export type GraphQLContextView = Record<PropertyKey, unknown> & {
  req?: { extra?: Record<PropertyKey, unknown> };
};

/**
 * What `connection_init` settled for the graphql-ws socket an operation runs over: in the
 * context itself (Mercurius merges what `onConnect` returns into it), or in graphql-ws's
 * `ctx.extra` (Apollo's default context); `undefined` for an operation over HTTP.
 */
export function socketConnectionOf(context: GraphQLContextView): SettledCaller | undefined {
  return (context[PORTCULLIS_CONNECTION] ?? context.req?.extra?.[PORTCULLIS_CONNECTION]) as
    SettledCaller | undefined;
}

// What the GraphQL middleware verified, kept on the Node request object.
const settledRequests = new HolderSlot<SettledCaller>('portcullis:settled-caller');

/** Keeps what the middleware verified for a Node HTTP request. */
export function settleRequest(rawRequest: object, principal: Principal): void {
  settledRequests.set(rawRequest, { principal });
}

/** What the middleware verified for this Node HTTP request, if it ran on it. */
export function settledRequest(rawRequest: object): SettledCaller | undefined {
  return settledRequests.get(rawRequest);
}
