import { Logger, type ExecutionContext } from '@nestjs/common';
import { MissingTokenException, PortcullisException } from '../errors/portcullis.exceptions';
import type { Principal } from '../principal/principal';
import type { BearerRequestView } from '../token/bearer-extractor';
import type { CallContext, CallContextKind } from './call-context';
import { hasExpired } from './connection-access';
import { connectionOf, tokenExpired, toWsException, wsRefusalBody } from './ws-connection';

const NO_CREDENTIALS: BearerRequestView = { rawHeaders: [], query: undefined, body: undefined };

/** What `input` answers when there is no object to check: not an object, so `@Owns` refuses. */
const NO_INPUT = Symbol('portcullis:no-input');

const logger = new Logger('Portcullis');
let warnedUnsettled = false;

/** A message's payload as a record, when it is a plain object (an array or a primitive is not). */
function recordOf(data: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : undefined;
}

/**
 * The object a message's state is kept against: its payload when it is an object (one per
 * message: two messages of a connection run concurrently and must not see each other's
 * loaded resource), else the socket (such a message carries no id for `@Owns` to load).
 */
function holderOf(context: ExecutionContext): object {
  const data = context.getArgByIndex<unknown>(1);
  return typeof data === 'object' && data !== null ? data : context.getArgByIndex<object>(0);
}

/**
 * One `@SubscribeMessage` call, read from Nest's gateway arguments `[client, data, ack or
 * event, pattern]` (socket.io passes the client's acknowledgement function, ws the event).
 * The caller is the principal settled at the handshake, never read from the message.
 */
class WsCallContext implements CallContext {
  constructor(private readonly context: ExecutionContext) {}

  get holder(): object {
    return holderOf(this.context);
  }

  get operation(): string {
    return 'MESSAGE';
  }

  /** A message says nothing of what it does: an `@Owns` on a gateway names its `action`. */
  get impliedAction(): string | undefined {
    return undefined;
  }

  get target(): string {
    const args = this.context.getArgs();
    return `MESSAGE ${String(args[args.length - 1])}`;
  }

  /**
   * The connection's principal, refused when the connection was not verified by a
   * Portcullis adapter (fail closed) or its token has expired.
   */
  get settledPrincipal(): Principal {
    const state = connectionOf(this.context.getArgByIndex<object>(0));
    if (state === undefined) {
      if (!warnedUnsettled) {
        warnedUnsettled = true;
        logger.warn(
          'A gateway message arrived on a connection no Portcullis adapter verified: denied ' +
            '(app.useWebSocketAdapter(new PortcullisIoAdapter(app)) or PortcullisWsAdapter)',
        );
      }
      throw new MissingTokenException();
    }
    if (hasExpired(state.principal)) throw tokenExpired();
    return state.principal;
  }

  get credentials(): BearerRequestView {
    return NO_CREDENTIALS;
  }

  /** The payload's own field `name` (a string, or a number as a string). */
  param(name: string): string | undefined {
    const payload = recordOf(this.context.getArgByIndex<unknown>(1));
    const value = payload !== undefined && Object.hasOwn(payload, name) ? payload[name] : undefined;
    if (typeof value === 'string') return value;
    return typeof value === 'number' ? String(value) : undefined;
  }

  /**
   * `fields: 'body'`: the whole payload; `fields: 'input'`: the payload's own field `name`.
   * A payload that is not an object, or lacks that field, is not taken as having nothing to
   * check: the check refuses it (403).
   */
  input(name: string, mode?: 'body' | 'input'): unknown {
    const payload = recordOf(this.context.getArgByIndex<unknown>(1));
    if (payload === undefined) return NO_INPUT;
    if (mode === 'body') return payload;
    return Object.hasOwn(payload, name) ? payload[name] : NO_INPUT;
  }

  /**
   * A refusal answers the client's acknowledgement, when it asked for one (socket.io), with
   * `{ error: { status, code, message } }`, and is thrown as a `WsException` of that body,
   * which Nest's gateway filter sends as an `exception` event. The connection stays open.
   */
  refuse(error: unknown): unknown {
    if (!(error instanceof PortcullisException)) return error;
    const ack = this.context.getArgByIndex<unknown>(2);
    if (typeof ack === 'function')
      (ack as (answer: unknown) => void)({ error: wsRefusalBody(error) });
    return toWsException(error);
  }
}

/** WebSocket gateways (socket.io or ws): the caller settled at the handshake. */
export const wsContext: CallContextKind = {
  open: (context) => new WsCallContext(context),
  holderOf,
};
