import type { AnyMongoAbility } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { AbilityResolver } from '../authorization/ability-resolver';
import { PORTCULLIS_CONNECTION, type SettledCaller } from '../context/graphql-connection';
import type { Principal } from '../principal/principal';
import { AccessTokenAuthenticator } from '../token/access-token.authenticator';
import { extractBearerToken } from '../token/bearer-extractor';
import { closeAtExpiry, FORBIDDEN_CLOSE, type ClosableSocket } from './subscription-socket';

/** What a subscription's connection keeps: its principal, and how to get its ability. */
export interface ConnectionState extends SettledCaller {
  readonly principal: Principal;
  readonly abilityOf: () => Promise<AnyMongoAbility>;
}

/** graphql-ws's context at `connection_init`, as Apollo hands it (no import of graphql-ws). */
interface GraphQLWsContext {
  readonly connectionParams?: unknown;
  readonly extra: unknown;
}

/** Where the token may be in `connectionParams` (one of them, not both). */
const AUTHORIZATION_PARAMS = ['authorization', 'Authorization'] as const;

/**
 * The `ws` socket of a connection, if it has one: graphql-ws's `ctx.extra` on Apollo, the
 * connection (`this` of `onConnect`) on Mercurius.
 */
function socketOf(connection: unknown): ClosableSocket | undefined {
  const socket = (connection as { socket?: Partial<ClosableSocket> } | undefined)?.socket;
  const usable = typeof socket?.close === 'function' && typeof socket.once === 'function';
  return usable ? (socket as ClosableSocket) : undefined;
}

/**
 * The GraphQL subscriptions' side of Portcullis: verifies the token of a graphql-ws
 * connection once, at `connection_init` (from `connectionParams.authorization`, or
 * `Authorization`: `"Bearer <token>"`), refuses a missing or invalid one by closing the
 * socket with 4403, keeps the principal for the guard of every subscription started on it,
 * and closes the socket with 4403 when the token expires. Get it in `GraphQLModule.forRootAsync`
 * (`inject: [PortcullisGraphQL]`) and spread one helper per driver into its options.
 */
@Injectable()
export class PortcullisGraphQL {
  constructor(
    private readonly authenticator: AccessTokenAuthenticator,
    private readonly abilities: AbilityResolver,
  ) {}

  /**
   * Apollo: the `subscriptions` option.
   * @example `subscriptions: portcullis.apolloSubscriptions()`
   */
  apolloSubscriptions() {
    return {
      'graphql-ws': {
        // graphql-ws closes with 4403 when onConnect answers false; a throw would be 4500.
        // Without a socket to close at expiry (not graphql-ws over `ws`) it fails closed.
        onConnect: async (ctx: GraphQLWsContext): Promise<boolean> => {
          const socket = socketOf(ctx.extra);
          const state = socket === undefined ? undefined : await this.connect(ctx.connectionParams);
          if (socket === undefined || state === undefined) return false;
          (ctx.extra as Record<PropertyKey, unknown>)[PORTCULLIS_CONNECTION] = state;
          closeAtExpiry(socket, state.principal);
          return true;
        },
      },
    };
  }

  /**
   * Mercurius: the `subscription` option.
   * @example `...portcullis.mercuriusSubscriptions()`
   */
  mercuriusSubscriptions() {
    const connect = (params: unknown) => this.connect(params);
    return {
      subscription: {
        // Runs first at connection_init, with the socket. Mercurius refuses a connection by
        // closing it without a code (1005): the client is told 4403, as on Apollo.
        context: (socket: ClosableSocket, request: unknown) => {
          const close = socket.close.bind(socket);
          socket.close = (code?: number, reason?: string | Buffer) =>
            close(code ?? FORBIDDEN_CLOSE, code === undefined ? 'Forbidden' : reason);
          return { req: request };
        },
        // Mercurius calls this as a method of the connection, whose `socket` is the one
        // place it is handed over with the token: the expiry timer is armed here, so an idle
        // connection closes at expiry too. Without a socket it fails closed (refused).
        onConnect: async function (this: unknown, message: { payload?: unknown } | undefined) {
          const socket = socketOf(this);
          const state = socket === undefined ? undefined : await connect(message?.payload);
          if (socket === undefined || state === undefined) return false;
          closeAtExpiry(socket, state.principal);
          return { [PORTCULLIS_CONNECTION]: state };
        },
      },
    };
  }

  /**
   * The connection's state, or `undefined` for a missing, malformed or invalid token: the
   * params must carry exactly one of `authorization` and `Authorization`, a string.
   */
  private async connect(params: unknown): Promise<ConnectionState | undefined> {
    if (typeof params !== 'object' || params === null) return undefined;
    const names = AUTHORIZATION_PARAMS.filter((name) => Object.hasOwn(params, name));
    const value = names.length === 1 ? (params as Record<string, unknown>)[names[0]] : undefined;
    if (typeof value !== 'string') return undefined;
    try {
      const token = extractBearerToken({ rawHeaders: ['authorization', value] });
      const principal = await this.authenticator.authenticate(token);
      const abilityOf = () => this.abilities.abilityFor(principal);
      return { principal, abilityOf };
    } catch {
      return undefined;
    }
  }
}
