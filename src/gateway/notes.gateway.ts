import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { Owns, Resource, Scopes } from 'nest-portcullis';
import { emitToReaders } from 'nest-portcullis/websockets';
import type { Server, Socket } from 'socket.io';
import type { Note } from '../data/records';
import { NoteEvents } from '../notes/note-events';
import type { DemoAbility } from '../policy/demo-ability';

/** The room of the sockets that asked for `note:created`. */
const SUBSCRIBERS = 'notes';

/**
 * The demo's socket.io gateway, on the API's port and the default namespace. The connection
 * is verified once at the handshake (`auth: { token }`, by `PortcullisIoAdapter`); each
 * message is then decided as its REST twin:
 * - `note:get` `{ id }`: the note, as `GET /notes/:id` (its owner, support, admin), or
 *   `{ error: { status: 403 | 404, code, message } }`;
 * - `notes:subscribe`: `{ ok: true }` with `read:notes`; then every note created (REST or
 *   GraphQL) arrives as `note:created`, only to the subscribers who may read it.
 */
@WebSocketGateway()
export class NotesGateway implements OnModuleInit, OnModuleDestroy {
  @WebSocketServer() private readonly server!: Server;
  private stop: (() => void) | undefined;

  constructor(private readonly events: NoteEvents) {}

  onModuleInit(): void {
    this.stop = this.events.onPublish((note) => void this.announce(note));
  }

  onModuleDestroy(): void {
    this.stop?.();
  }

  /** One note, by the `id` field of the message. */
  @Scopes('read:notes')
  @Owns<DemoAbility>('Note', { action: 'read' })
  @SubscribeMessage('note:get')
  findOne(@Resource() note: Note): Note {
    return { id: note.id, ownerId: note.ownerId, text: note.text };
  }

  /** From now on, `note:created` for each new note this socket's caller may read. */
  @Scopes('read:notes')
  @SubscribeMessage('notes:subscribe')
  async subscribe(@ConnectedSocket() socket: Socket): Promise<{ ok: true }> {
    await socket.join(SUBSCRIBERS);
    return { ok: true };
  }

  private async announce(note: Note): Promise<void> {
    // No server before the gateway layer started (Nest sets it at init).
    if (this.server === undefined) return;
    await emitToReaders(this.server, 'note:created', note, { subject: 'Note', room: SUBSCRIBERS });
  }
}
