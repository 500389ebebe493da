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
  readonly connectionParams?: Readonly<Record<string, unknown>>;
  readonly extra: unknown;
}

type Extra = { socket?: ClosableSocket } & Record<PropertyKey, unknown>;

/** Mercurius's context of a subscription start (an object; its keys are read by symbol). */
type MercuriusSubscriptionContext = object;

const SOCKET = Symbol('portcullis:socket');

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
        onConnect: async (ctx: GraphQLWsContext): Promise<boolean> => {
          const state = await this.connect(ctx.connectionParams);
          if (state === undefined) return false;
          const extra = ctx.extra as Extra;
          extra[PORTCULLIS_CONNECTION] = state;
          if (extra.socket !== undefined) closeAtExpiry(extra.socket, state.principal);
          return true;
        },
      },
    };
  }

  /**
   * Mercurius: the `subscription` and `hooks` options.
   * @example `...portcullis.mercuriusSubscriptions()`
   */
  mercuriusSubscriptions() {
    const armed = new WeakSet<ClosableSocket>();
    return {
      subscription: {
        // Runs first at connection_init, with the socket. Mercurius refuses a connection by
        // closing it without a code (1005): the client is told 4403, as on Apollo.
        context: (socket: ClosableSocket, request: unknown) => {
          const close = socket.close.bind(socket);
          socket.close = (code?: number, reason?: string | Buffer) =>
            close(code ?? FORBIDDEN_CLOSE, code === undefined ? 'Forbidden' : reason);
          return { req: request, [SOCKET]: socket };
        },
        onConnect: async ({ payload }: { payload?: Record<string, unknown> }) => {
          const state = await this.connect(payload);
          return state === undefined ? false : { [PORTCULLIS_CONNECTION]: state };
        },
      },
      hooks: {
        // onConnect does not see the socket: the expiry timer is armed where the socket and
        // the principal meet, at the connection's first subscription (the guard refuses an
        // expired principal in any case).
        preSubscriptionExecution: [
          (_schema: unknown, _document: unknown, context: MercuriusSubscriptionContext) => {
            const view = context as Record<PropertyKey, unknown>;
            const socket = view[SOCKET] as ClosableSocket | undefined;
            const state = view[PORTCULLIS_CONNECTION] as ConnectionState | undefined;
            if (socket === undefined || state === undefined || armed.has(socket)) return;
            armed.add(socket);
            closeAtExpiry(socket, state.principal);
          },
        ],
      },
    };
  }

  /** The connection's state, or `undefined` for a missing, malformed or invalid token. */
  private async connect(
    params: Readonly<Record<string, unknown>> | undefined,
  ): Promise<ConnectionState | undefined> {
    const value = params?.authorization ?? params?.Authorization;
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
