import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A real graphql-ws client on 127.0.0.1, with the close event it ends with. */
export interface WsConnection {
  client: Client;
  /** Resolves when the server acknowledged `connection_init` (never for a refused one). */
  acknowledged: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * Opens a graphql-ws connection sending `connectionParams` at `connection_init`, and
 * `upgradeHeaders` on the HTTP upgrade request (a non-browser client's headers).
 */
export function connect(
  port: number,
  connectionParams: Record<string, unknown>,
  upgradeHeaders: Record<string, string> = {},
): WsConnection {
  let resolveClosed: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    resolveClosed = resolve;
  });
  let resolveAcknowledged: () => void = () => undefined;
  const acknowledged = new Promise<void>((resolve) => {
    resolveAcknowledged = resolve;
  });
  const client = createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: upgradeHeaders });
      }
    },
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      connected: () => resolveAcknowledged(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolveClosed({ code, reason: String(reason) });
      },
    },
  });
  return { client, acknowledged, closed };
}

/** One subscription's received results and errors. */
export interface Received {
  next: unknown[];
  errors: unknown[];
  done: Promise<void>;
}

export function subscribe(client: Client, query: string): Received {
  const received: Received = { next: [], errors: [], done: Promise.resolve() };
  received.done = new Promise((resolve) => {
    client.subscribe(
      { query },
      {
        next: (value) => received.next.push(value),
        error: (error) => {
          received.errors.push(error);
          resolve();
        },
        complete: resolve,
      },
    );
  });
  return received;
}

/** Polls until the condition holds (subscriptions start asynchronously on the server). */
export async function until(condition: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not met in time: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
