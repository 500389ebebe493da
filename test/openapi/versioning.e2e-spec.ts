import { VersioningType } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import { startDocumentedApp } from './support/documented-app';
import { operationsOf } from './support/operations';

// Under header versioning `list` (v1, @Scopes('read:notes')) and `listV2` (v2,
// @AnyScopes('read:notes', 'admin')) share GET /api/notes; SwaggerModule keeps one operation
// and names it by its operation id. The security written must be that handler's.
describe('applyPortcullisToOpenApi under header versioning', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer?.stop());

  it("gives the operation SwaggerModule kept its own handler's security", async () => {
    const { app, document } = await startDocumentedApp('express', {
      portcullis: issuer.moduleOptions(),
      openapi: { scheme: 'bearer' },
      versioning: { type: VersioningType.HEADER, header: 'X-API-Version', defaultVersion: '1' },
    });
    try {
      expect(document.paths['/api/notes'].get?.operationId).toBe('NotesController_listV2_2');
      const operations = operationsOf(document);
      expect(operations['GET /api/notes'].security).toEqual([
        { accessToken: ['read:notes'] },
        { accessToken: ['admin'] },
      ]);
      expect(operations['GET /api/notes/{id}'].security).toEqual([{ accessToken: ['read:notes'] }]);
      expect(operations['GET /api/notes/count'].security).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
