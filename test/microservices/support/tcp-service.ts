import { Controller, type INestMicroservice, type LoggerService } from '@nestjs/common';
import {
  ClientProxyFactory,
  EventPattern,
  MessagePattern,
  Payload,
  Transport,
  type ClientProxy,
} from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import {
  AnyScopes,
  Authenticated,
  Can,
  CurrentPrincipal,
  Owns,
  Public,
  Resource,
  Scopes,
  type PortcullisOptions,
  type Principal,
} from 'nest-portcullis';
import { PortcullisMicroservicesModule } from 'nest-portcullis/microservices';
import type { TestIssuer } from 'nest-portcullis/testing';
import { freePort } from './free-port';
import { NoteLoader, NotesRepository, notesPolicy, type Note, type NotesAbility } from './notes';

/** The notes service over TCP: one handler per decorator. */
@Controller()
export class NotesTcpController {
  constructor(private readonly notes: NotesRepository) {}

  @Public()
  @MessagePattern('health')
  health(@Payload() data: unknown) {
    return { ok: true, data };
  }

  // Declares nothing: any valid token.
  @MessagePattern('echo')
  echo(@Payload() data: unknown) {
    return data;
  }

  @Authenticated()
  @MessagePattern('whoami')
  whoami(@CurrentPrincipal() me: Principal, @Payload() data: Record<string, unknown>) {
    return { sub: me.sub, kind: me.kind, fields: Object.keys(data) };
  }

  @Scopes('read:notes')
  @Owns<NotesAbility>('Note', { action: 'read', hide: true })
  @MessagePattern('notes.get')
  get(@Resource() note: Note) {
    return note;
  }

  @Scopes('write:notes')
  @Owns<NotesAbility>('Note', { action: 'update', fields: 'input' })
  @MessagePattern('notes.update')
  update(@Resource() note: Note, @Payload('input') input: Partial<Note>) {
    return Object.assign(note, input);
  }

  // fields: 'body' checks every key of the payload, the id included.
  @Scopes('write:notes')
  @Owns<NotesAbility>('Note', { action: 'update', fields: 'body' })
  @MessagePattern('notes.retitle')
  retitle(@Resource() note: Note, @Payload() payload: Partial<Note>) {
    return Object.assign(note, payload);
  }

  @AnyScopes('read:notes', 'audit:notes')
  @MessagePattern('notes.count')
  count() {
    return this.notes.rows.size;
  }

  @Can<NotesAbility>('read', 'Stats')
  @MessagePattern('stats')
  stats() {
    return { notes: this.notes.rows.size };
  }

  @Scopes('write:notes')
  @EventPattern('notes.archive')
  archive(@Payload() data: { id: string }) {
    this.notes.archived.push(data.id);
  }
}

/** A started TCP notes service and a client connected to it. */
export interface TcpService {
  readonly app: INestMicroservice;
  readonly client: ClientProxy;
  readonly notes: NotesRepository;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the notes service on 127.0.0.1 over TCP, with a `ClientProxy` connected to it. */
export async function startTcpService(
  issuer: TestIssuer,
  logger: LoggerService | false = false,
  overrides: Partial<PortcullisOptions> = {},
): Promise<TcpService> {
  const moduleRef = await Test.createTestingModule({
    imports: [issuer.module({ policy: notesPolicy, ...overrides }), PortcullisMicroservicesModule],
    controllers: [NotesTcpController],
    providers: [NotesRepository, NoteLoader],
  }).compile();
  const port = await freePort();
  const app = moduleRef.createNestMicroservice({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port },
  });
  app.useLogger(logger);
  await app.listen();
  const client = ClientProxyFactory.create({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port },
  });
  await client.connect();
  return {
    app,
    client,
    port,
    notes: app.get(NotesRepository),
    async close() {
      await client.close();
      await app.close();
    },
  };
}
