import { AUTHENTICATE_TYPE } from './ws-handshake';

/** What `WsAdapter` parses a message into (`{ event, data }`), or nothing to drop it. */
export type WsMessageParser = (data: string | Buffer | ArrayBuffer | Buffer[]) => unknown;

/** The event an `authenticate` message on an open connection is routed to. */
export const REAUTHENTICATE_EVENT = 'portcullis:authenticate';

/**
 * A `WsAdapter` parser: `parser` (or JSON), with an `authenticate` message routed to the
 * re-authentication handler. A malformed frame is dropped, as `WsAdapter` drops one; an app's
 * own parser that throws (`appParser`) is left to `WsAdapter`, which logs it.
 */
export function routingAuthenticate(
  parser: WsMessageParser | undefined,
  appParser: boolean,
): WsMessageParser {
  const parse = parser ?? ((data: unknown) => JSON.parse(String(data)) as unknown);
  return (data) => {
    let message: unknown;
    try {
      message = parse(data);
    } catch (error) {
      if (appParser) throw error;
      return undefined;
    }
    if (typeof message !== 'object' || message === null) return message;
    const record = message as Record<string, unknown>;
    if (Object.hasOwn(record, 'type') && record.type === AUTHENTICATE_TYPE) {
      return { event: REAUTHENTICATE_EVENT, data: record };
    }
    return message;
  };
}
