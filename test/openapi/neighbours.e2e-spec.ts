import { Controller, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Scopes } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { startDocumentedApp } from './support/documented-app';
import { operationsOf } from './support/operations';

/** A gateway: guarded by Portcullis, not an HTTP operation. */
@WebSocketGateway()
export class NotesGateway {
  @Scopes('read:notes')
  @SubscribeMessage('notes.count')
  count(): number {
    return 0;
  }
}

/** A message handler on a controller: no HTTP path, so no operation either. */
@Controller()
export class NotesMessages {
  @Scopes('read:notes')
  @MessagePattern('notes.count')
  count(): number {
    return 0;
  }
}

@Module({ providers: [NotesGateway], controllers: [NotesMessages] })
export class NeighboursModule {}

describe.each(PLATFORMS)(
  'applyPortcullisToOpenApi next to a gateway and a message handler, on %s',
  (platform) => {
    let issuer: TestIssuer;
    beforeAll(async () => {
      issuer = await TestIssuer.start();
    });
    afterAll(() => issuer?.stop());

    it('documents the HTTP operations as without them, and nothing else', async () => {
      const { app, document } = await startDocumentedApp(platform, {
        portcullis: issuer.moduleOptions(),
        openapi: { scheme: 'bearer' },
        modules: [NeighboursModule],
      });
      try {
        expect(Object.keys(operationsOf(document)).sort()).toEqual([
          'DELETE /api/v1/notes/{id}',
          'GET /api/notes/count',
          'GET /api/v1/notes',
          'GET /api/v1/notes/mine/latest',
          'GET /api/v1/notes/{id}',
          'GET /api/v2/notes',
          'POST /api/v1/notes/audit',
        ]);
        expect(operationsOf(document)['GET /api/v1/notes'].security).toEqual([
          { accessToken: ['read:notes'] },
        ]);
      } finally {
        await app.close();
      }
    });
  },
);
