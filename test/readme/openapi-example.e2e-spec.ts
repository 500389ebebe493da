// The README's OpenAPI example, verbatim up to its tests: if this file changes, change the README too.
import { Controller, Delete, Get, HttpCode, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AnyScopes, Public, Scopes } from 'nest-portcullis';
import { applyPortcullisToOpenApi } from 'nest-portcullis/openapi';

@Controller('orders')
export class OrdersController {
  @Public()
  @Get('status')
  status() {
    return { status: 'ok' };
  }

  @Scopes('read:orders')
  @Get()
  list() {
    return [];
  }

  @Scopes('write:orders')
  @AnyScopes('orders:cancel', 'admin') // write:orders, and orders:cancel or admin
  @Delete(':id')
  @HttpCode(204)
  cancel() {}
}

// In main.ts: after app.setGlobalPrefix() and app.enableVersioning(), before app.listen().
export async function serveDocs(app: INestApplication) {
  const config = new DocumentBuilder().setTitle('Orders').setOpenAPIVersion('3.1.0').build();
  const document = SwaggerModule.createDocument(app, config);
  await applyPortcullisToOpenApi(document, app, {
    scopeDescriptions: { 'read:orders': 'Read your orders' },
  });
  SwaggerModule.setup('docs', app, document); // the UI at /docs, the JSON at /docs-json
}

// The README stops here.
import { Test } from '@nestjs/testing';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';

describe('the README OpenAPI example', () => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    const moduleRef = await Test.createTestingModule({
      imports: [issuer.module()],
      controllers: [OrdersController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.setGlobalPrefix('api');
    await serveDocs(app);
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  it('serves the document without a token, each operation with the scopes it needs', async () => {
    const { status, body } = await request(app.getHttpServer()).get('/docs-json');
    expect(status).toBe(200);
    expect(body.paths['/api/orders/status'].get.security).toEqual([]);
    expect(body.paths['/api/orders'].get.security).toEqual([{ accessToken: ['read:orders'] }]);
    expect(body.paths['/api/orders/{id}'].delete.security).toEqual([
      { accessToken: ['write:orders', 'orders:cancel'] },
      { accessToken: ['write:orders', 'admin'] },
    ]);
    expect(Object.keys(body.paths['/api/orders/{id}'].delete.responses)).toEqual([
      '204',
      '400',
      '401',
      '403',
      '503',
    ]);
  });

  it('leaves the API guarded: 401 without a token, the answer with one', async () => {
    const server = app.getHttpServer();
    const anonymous = await request(server).get('/api/orders');
    expect([anonymous.status, anonymous.headers['www-authenticate']]).toEqual([
      401,
      'Bearer realm="api"',
    ]);
    const token = issuer.mintAccessToken({ scope: 'read:orders' });
    await request(server).get('/api/orders').auth(token, { type: 'bearer' }).expect(200, []);
  });
});
