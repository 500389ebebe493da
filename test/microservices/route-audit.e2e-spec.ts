import { Controller, type Type } from '@nestjs/common';
import { MessagePattern, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { Owns, PortcullisConfigError, RouteAudit, type PortcullisOptions } from 'nest-portcullis';
import { PortcullisMicroservicesModule } from 'nest-portcullis/microservices';
import { TestIssuer } from 'nest-portcullis/testing';
import { NotesGrpcController } from './support/grpc-service';
import { NoteLoader, NotesRepository, notesPolicy, type NotesAbility } from './support/notes';
import { NotesTcpController } from './support/tcp-service';

@Controller()
class PeekController {
  // A message implies no action: this can never be decided, so the service does not boot.
  @Owns<NotesAbility>('Note')
  @MessagePattern('notes.peek')
  peek() {
    return 'never';
  }
}

describe('the route audit lists microservice handlers, and strictRoutes covers them', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer.stop());

  /** Boots a TCP microservice with these controllers; returns its audit, or its boot error. */
  async function boot(controllers: Type<unknown>[], options: Partial<PortcullisOptions> = {}) {
    const moduleRef = await Test.createTestingModule({
      imports: [issuer.module({ policy: notesPolicy, ...options }), PortcullisMicroservicesModule],
      controllers,
      providers: [NotesRepository, NoteLoader],
    }).compile();
    const app = moduleRef.createNestMicroservice({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: 0 },
    });
    app.useLogger(false);
    try {
      await app.init();
      return { table: app.get(RouteAudit).table() };
    } catch (error) {
      return { error };
    } finally {
      await app.close();
    }
  }

  it('one line per pattern: MESSAGE, EVENT, GRPC, with the @Owns id field', async () => {
    const { table } = await boot([NotesTcpController, NotesGrpcController]);
    expect(table?.split('\n')).toEqual([
      'METHOD   PATH                          ACCESS         SCOPES                       POLICY                             HANDLER',
      'GRPC     NotesService.CountNotes       authenticated  (read:notes or audit:notes)  -                                  NotesGrpcController.countNotes',
      'GRPC     NotesService.GetNote(:id)     authenticated  read:notes                   owns Note :id read hide            NotesGrpcController.getNote',
      'GRPC     NotesService.Health           public         -                            -                                  NotesGrpcController.health',
      'GRPC     NotesService.Stats            authenticated  -                            can read Stats                     NotesGrpcController.stats',
      'GRPC     NotesService.UpdateNote(:id)  authenticated  write:notes                  owns Note :id update fields=input  NotesGrpcController.updateNote',
      'GRPC     NotesService.WhoAmI           authenticated  -                            -                                  NotesGrpcController.whoAmI',
      'MESSAGE  echo                          undeclared     -                            -                                  NotesTcpController.echo',
      'MESSAGE  health                        public         -                            -                                  NotesTcpController.health',
      'EVENT    notes.archive                 authenticated  write:notes                  -                                  NotesTcpController.archive',
      'MESSAGE  notes.count                   authenticated  (read:notes or audit:notes)  -                                  NotesTcpController.count',
      'MESSAGE  notes.get(:id)                authenticated  read:notes                   owns Note :id read hide            NotesTcpController.get',
      'MESSAGE  notes.retitle(:id)            authenticated  write:notes                  owns Note :id update fields=body   NotesTcpController.retitle',
      'MESSAGE  notes.update(:id)             authenticated  write:notes                  owns Note :id update fields=input  NotesTcpController.update',
      'MESSAGE  stats                         authenticated  -                            can read Stats                     NotesTcpController.stats',
      'MESSAGE  whoami                        authenticated  -                            -                                  NotesTcpController.whoami',
    ]);
  });

  it('@Owns without an action stops the boot, naming the handler', async () => {
    const { error } = await boot([PeekController]);
    expect(error).toBeInstanceOf(PortcullisConfigError);
    expect((error as Error).message).toContain(
      "MESSAGE notes.peek(:id) (PeekController.peek) uses @Owns('Note') without an action, which MESSAGE does not imply",
    );
  });

  it('strictRoutes: a handler declaring nothing stops the boot', async () => {
    const { error } = await boot([NotesTcpController], { strictRoutes: true });
    expect(error).toBeInstanceOf(PortcullisConfigError);
    expect((error as Error).message).toContain(
      'MESSAGE echo (NotesTcpController.echo) declares nothing (strictRoutes)',
    );
  });
});
