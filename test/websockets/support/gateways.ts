import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import {
  AnyScopes,
  Authenticated,
  Can,
  CurrentPrincipal,
  Owns,
  Public,
  Resource,
  Scopes,
  type Principal,
} from 'nest-portcullis';
import type { AppAbility, Note, User } from '../../policy/support/app-policy';
import { NotesRepository, UsersRepository } from '../../policy/support/repositories';

/** What a gateway's handlers did, for "the handler never ran" assertions. */
export const handlerRuns: string[] = [];

/** Notes over a gateway: one handler per decorator, the method-level way. */
@WebSocketGateway()
export class NotesGateway {
  @WebSocketServer() server!: unknown;

  constructor(private readonly notes: NotesRepository) {}

  @Public()
  @SubscribeMessage('ping')
  ping(): string {
    handlerRuns.push('ping');
    return 'pong';
  }

  @Authenticated()
  @SubscribeMessage('whoami')
  whoami(@CurrentPrincipal() principal: Principal): { sub: string } {
    handlerRuns.push('whoami');
    return { sub: principal.sub };
  }

  @Scopes('read:notes')
  @SubscribeMessage('notes:count')
  count(): { count: number } {
    handlerRuns.push('notes:count');
    return { count: this.notes.findAll().length };
  }

  @AnyScopes('read:notes', 'admin:notes')
  @SubscribeMessage('notes:any')
  any(): { ok: true } {
    handlerRuns.push('notes:any');
    return { ok: true };
  }

  @Can<AppAbility>('read', 'User')
  @SubscribeMessage('users:can')
  can(): { ok: true } {
    handlerRuns.push('users:can');
    return { ok: true };
  }

  @Owns<AppAbility>('Note', { action: 'read' })
  @SubscribeMessage('note:get')
  get(@Resource() note: Note): Note {
    handlerRuns.push('note:get');
    return note;
  }

  @Scopes('write:notes')
  @Owns<AppAbility>('Note', { action: 'delete', param: 'noteId', hide: true })
  @SubscribeMessage('note:delete')
  remove(@MessageBody() body: { noteId: string }): { deleted: string } {
    handlerRuns.push('note:delete');
    this.notes.remove(body.noteId);
    return { deleted: body.noteId };
  }

  /** socket.io only: joins the room `emitToReaders` sends `note:created` to. */
  @Scopes('read:notes')
  @SubscribeMessage('notes:subscribe')
  subscribe(@ConnectedSocket() socket: { join?: (room: string) => void }): { ok: true } {
    socket.join?.('notes');
    return { ok: true };
  }
}

/** Users over a gateway: requirements at class level, a method adding to them or opting out. */
@Scopes('read:users')
@WebSocketGateway()
export class UsersGateway {
  constructor(private readonly users: UsersRepository) {}

  @Owns<AppAbility>('User', { action: 'read' })
  @SubscribeMessage('user:get')
  get(@Resource() user: User): User {
    handlerRuns.push('user:get');
    return user;
  }

  @Scopes('write:users')
  @Owns<AppAbility>('User', { action: 'update', fields: 'input', input: 'changes' })
  @SubscribeMessage('user:update')
  update(@MessageBody() body: { id: string; changes: Partial<User> }): User {
    handlerRuns.push('user:update');
    return this.users.update(body.id, body.changes);
  }

  @Public()
  @SubscribeMessage('users:public')
  open(): { ok: true } {
    handlerRuns.push('users:public');
    return { ok: true };
  }
}
