import { Controller, type INestMicroservice, type LoggerService } from '@nestjs/common';
import { GrpcMethod, Payload, Transport } from '@nestjs/microservices';
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
import { credentials, loadPackageDefinition, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';
import { freePort } from './free-port';
import { NoteLoader, NotesRepository, notesPolicy, type Note, type NotesAbility } from './notes';

/** The notes service's definition, for a client of it. */
export const NOTES_PROTO = join(__dirname, 'notes.proto');

/** The notes service over gRPC: one method per decorator. */
@Controller()
export class NotesGrpcController {
  constructor(private readonly notes: NotesRepository) {}

  @Public()
  @GrpcMethod('NotesService', 'Health')
  health() {
    return { status: 'ok' };
  }

  @Authenticated()
  @GrpcMethod('NotesService', 'WhoAmI')
  whoAmI(@CurrentPrincipal() me: Principal) {
    return { sub: me.sub, kind: me.kind };
  }

  @Scopes('read:notes')
  @Owns<NotesAbility>('Note', { action: 'read', hide: true })
  @GrpcMethod('NotesService', 'GetNote')
  getNote(@Resource() note: Note) {
    return note;
  }

  @Scopes('write:notes')
  @Owns<NotesAbility>('Note', { action: 'update', fields: 'input' })
  @GrpcMethod('NotesService', 'UpdateNote')
  updateNote(@Resource() note: Note, @Payload('input') input: Partial<Note>) {
    return Object.assign(note, input);
  }

  @AnyScopes('read:notes', 'audit:notes')
  @GrpcMethod('NotesService', 'CountNotes')
  countNotes() {
    return { count: this.notes.rows.size };
  }

  @Can<NotesAbility>('read', 'Stats')
  @GrpcMethod('NotesService', 'Stats')
  stats() {
    return { count: this.notes.rows.size };
  }
}

/** What a grpc-js client receives: the answer, or the status, details and trailers. */
export type GrpcOutcome =
  { answer: unknown } | { code: number; details: string; trailers: Record<string, unknown> };

type UnaryMethod = (
  request: object,
  metadata: Metadata,
  callback: (error: ServiceError | null, answer?: unknown) => void,
) => void;

/** A raw grpc-js client of the notes service. */
export class NotesGrpcClient {
  private readonly client: Record<string, UnaryMethod> & { close(): void };

  constructor(address: string) {
    const definition = loadPackageDefinition(loadSync(NOTES_PROTO)) as unknown as {
      notes: { NotesService: new (address: string, creds: unknown) => NotesGrpcClient['client'] };
    };
    this.client = new definition.notes.NotesService(address, credentials.createInsecure());
  }

  /** Calls `method` with `authorization` metadata values (none, one, or several). */
  call(
    method: string,
    request: object,
    ...authorization: (string | Buffer)[]
  ): Promise<GrpcOutcome> {
    const metadata = new Metadata();
    for (const value of authorization) metadata.add('authorization', value as string);
    return this.callWith(method, request, metadata);
  }

  /** Calls `method` with the metadata given. */
  callWith(method: string, request: object, metadata: Metadata): Promise<GrpcOutcome> {
    return new Promise((resolve) => {
      this.client[method](request, metadata, (error, answer) => {
        if (error === null) return resolve({ answer });
        resolve({ code: error.code, details: error.details, trailers: error.metadata.getMap() });
      });
    });
  }

  close(): void {
    this.client.close();
  }
}

/** A started gRPC notes service and a raw client. */
export interface GrpcService {
  readonly app: INestMicroservice;
  /** `host:port` the service listens on. */
  readonly address: string;
  readonly client: NotesGrpcClient;
  readonly notes: NotesRepository;
  close(): Promise<void>;
}

/** Starts the notes service on 127.0.0.1 over gRPC, with a raw grpc-js client. */
export async function startGrpcService(
  issuer: TestIssuer,
  logger: LoggerService | false = false,
  overrides: Partial<PortcullisOptions> = {},
): Promise<GrpcService> {
  const moduleRef = await Test.createTestingModule({
    imports: [issuer.module({ policy: notesPolicy, ...overrides }), PortcullisMicroservicesModule],
    controllers: [NotesGrpcController],
    providers: [NotesRepository, NoteLoader],
  }).compile();
  const address = `127.0.0.1:${await freePort()}`;
  const app = moduleRef.createNestMicroservice({
    transport: Transport.GRPC,
    options: { package: 'notes', protoPath: NOTES_PROTO, url: address },
  });
  app.useLogger(logger);
  await app.listen();
  const client = new NotesGrpcClient(address);
  return {
    app,
    address,
    client,
    notes: app.get(NotesRepository),
    async close() {
      client.close();
      await app.close();
    },
  };
}
