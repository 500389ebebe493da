import { Metadata } from '@grpc/grpc-js';
import { Controller, Get, Inject, Param, type INestApplication } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientGrpc } from '@nestjs/microservices';
import { Authenticated, CurrentPrincipal, type Principal } from 'nest-portcullis';
import { forwardRefusals, setAccessToken } from 'nest-portcullis/microservices';
import { TestIssuer } from 'nest-portcullis/testing';
import type { Observable } from 'rxjs';
import request from 'supertest';
import { PLATFORMS, startApp } from '../support/platforms';
import { NOTES_PROTO, startGrpcService, type GrpcService } from './support/grpc-service';
import type { Note } from './support/notes';

const NOTES = Symbol('notes gRPC client');

/** The notes service as a Nest gRPC client sees it. */
interface NotesService {
  getNote(request: { id: string }, metadata: Metadata): Observable<Note>;
}

/** An HTTP API in front of the gRPC notes service, calling it as its own caller. */
@Controller()
class NotesViaGrpcController {
  private readonly notes: NotesService;

  constructor(@Inject(NOTES) client: ClientGrpc) {
    this.notes = client.getService<NotesService>('NotesService');
  }

  @Authenticated()
  @Get('notes/:id')
  note(@Param('id') id: string, @CurrentPrincipal() me: Principal): Observable<Note> {
    return this.notes.getNote({ id }, setAccessToken(new Metadata(), me)).pipe(forwardRefusals());
  }

  @Authenticated()
  @Get('unforwarded/notes/:id')
  unforwarded(@Param('id') id: string, @CurrentPrincipal() me: Principal): Observable<Note> {
    return this.notes.getNote({ id }, setAccessToken(new Metadata(), me));
  }
}

describe('forwardRefusals over gRPC: the service refuses, the route answers the same', () => {
  let issuer: TestIssuer;
  let service: GrpcService;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    service = await startGrpcService(issuer);
  });
  afterAll(async () => {
    await service.close();
    await issuer.stop();
  });

  describe.each(PLATFORMS)('from an HTTP route on %s', (platform) => {
    let app: INestApplication;
    let client: ClientGrpc & { close(): unknown };

    beforeAll(async () => {
      client = ClientProxyFactory.create({
        transport: Transport.GRPC,
        options: { package: 'notes', protoPath: NOTES_PROTO, url: service.address },
      }) as unknown as ClientGrpc & { close(): unknown };
      app = await startApp(platform, {
        imports: [issuer.module()],
        controllers: [NotesViaGrpcController],
        providers: [{ provide: NOTES, useValue: client }],
      });
    });
    afterAll(async () => {
      await app.close();
      await client.close();
    });

    const get = (path: string, claims: Record<string, unknown>) =>
      request(app.getHttpServer())
        .get(path)
        .auth(issuer.mintAccessToken(claims), { type: 'bearer' });

    it("the caller's own note: the service's answer", async () => {
      const answer = await get('/notes/n1', { sub: 'ada', scope: 'read:notes' });
      expect([answer.status, answer.body]).toEqual([
        200,
        { id: 'n1', ownerId: 'ada', title: 'Engines' },
      ]);
    });

    it.each([
      [
        "another user's note (hidden)",
        '/notes/n1',
        { sub: 'bob', scope: 'read:notes' },
        404,
        'PORTCULLIS_NOT_FOUND',
      ],
      [
        'without the scope',
        '/notes/n1',
        { sub: 'ada', scope: 'write:notes' },
        403,
        'PORTCULLIS_INSUFFICIENT_SCOPE',
      ],
    ])(
      '%s: the status and code the service refused with',
      async (_, path, claims, status, code) => {
        const answer = await get(path, claims);
        expect([answer.status, answer.body.code]).toEqual([status, code]);
        expect(JSON.stringify(answer.body)).not.toContain('ada');
      },
    );

    it("without forwardRefusals the same refusal is Nest's 500: what the operator prevents", async () => {
      const answer = await get('/unforwarded/notes/n1', { sub: 'bob', scope: 'read:notes' });
      expect(answer.status).toBe(500);
    });
  });
});
