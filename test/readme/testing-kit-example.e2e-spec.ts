// The README's testing-kit example, verbatim: if this file changes, change the README too.
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { CurrentPrincipal, Public, type Principal } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';

@Controller()
class OrdersController {
  @Public()
  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('orders')
  orders(@CurrentPrincipal() principal: Principal) {
    return { owner: principal.sub };
  }
}

describe('orders', () => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ audience: 'https://api.example.test' });
    const moduleRef = await Test.createTestingModule({
      imports: [issuer.module()],
      controllers: [OrdersController],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  it('answers the caller with a valid access token', async () => {
    const token = issuer.mintAccessToken({ sub: 'alice', scope: 'read:orders' });
    await request(app.getHttpServer())
      .get('/orders')
      .auth(token, { type: 'bearer' })
      .expect(200, { owner: 'alice' });
  });

  it('refuses an ID token', async () => {
    const res = await request(app.getHttpServer())
      .get('/orders')
      .auth(issuer.mintIdToken({ sub: 'alice' }), { type: 'bearer' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  it('refuses a token signed with alg none', async () => {
    const token = issuer.forge.unsigned({ alg: 'none' }, issuer.accessClaims({ sub: 'alice' }));
    const res = await request(app.getHttpServer()).get('/orders').auth(token, { type: 'bearer' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('PORTCULLIS_INVALID_TOKEN');
  });

  it('lets anyone reach a public route', async () => {
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
  });
});
