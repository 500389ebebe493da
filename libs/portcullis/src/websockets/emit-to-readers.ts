import { connectionMay } from '../context/connection-access';
import { connectionOf } from '../context/ws-connection';

/** What {@link emitToReaders} needs of a socket.io socket. */
interface IoSocketView {
  emit(event: string, ...args: unknown[]): unknown;
}

/** A socket.io namespace, as read here (no import of socket.io). */
interface IoNamespaceView {
  readonly sockets: Map<string, IoSocketView>;
  readonly adapter?: { readonly rooms?: Map<string, Set<string>> };
}

/**
 * Where {@link emitToReaders} sends: a socket.io `Server` (its `sockets` is the default
 * namespace) or `Namespace` (its `sockets` is a map), or a `ws` server (`clients`).
 */
export type BroadcastTarget = { readonly sockets: object } | { readonly clients: Set<object> };

/** Options of {@link emitToReaders}. */
export interface EmitToReadersOptions {
  /** The CASL subject type of the item (`'Note'`). */
  readonly subject: string;
  /** The action a receiver's ability must allow on the item. Default `read`. */
  readonly action?: string;
  /** socket.io: only the sockets in this room. */
  readonly room?: string;
}

/** The sockets of a socket.io server or namespace, or of a room in it. */
function ioSockets(server: { readonly sockets: object }, room: string | undefined): IoSocketView[] {
  const namespace = (server.sockets instanceof Map ? server : server.sockets) as IoNamespaceView;
  if (room === undefined) return [...namespace.sockets.values()];
  const ids = namespace.adapter?.rooms?.get(room) ?? new Set<string>();
  return [...ids].flatMap((id) => namespace.sockets.get(id) ?? []);
}

/**
 * Sends `item` as `event` to each connected client whose ability allows `action` (default
 * `read`) on it, the same check a list filter makes, and to no one else: a client whose token
 * has expired, or whose ability cannot be had now, receives nothing. Works on a socket.io
 * `Server` or `Namespace` (the gateway's `@WebSocketServer()`), optionally one room, and on a
 * `ws` server (sent as `{"event","data"}`, as `WsAdapter` answers). Resolves with the number
 * of clients it was sent to.
 *
 * @example
 * ```ts
 * await emitToReaders(this.server, 'note:created', note, { subject: 'Note', room: 'notes' });
 * ```
 */
export async function emitToReaders(
  server: BroadcastTarget,
  event: string,
  item: object,
  options: EmitToReadersOptions,
): Promise<number> {
  const action = options.action ?? 'read';
  const clients: object[] =
    'clients' in server ? [...server.clients] : ioSockets(server, options.room);
  const mayRead = await Promise.all(
    clients.map((client) => connectionMay(connectionOf(client), action, options.subject, item)),
  );
  let sent = 0;
  clients.forEach((client, i) => {
    if (!mayRead[i]) return;
    if ('readyState' in client) {
      const socket = client as { readyState: number; send(data: string): void };
      if (socket.readyState !== 1) return;
      socket.send(JSON.stringify({ event, data: item }));
    } else {
      (client as IoSocketView).emit(event, item);
    }
    sent += 1;
  });
  return sent;
}
