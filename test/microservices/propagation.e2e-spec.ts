import { Controller, Get, Inject, Param, type INestApplication } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import request from 'supertest';
import { Authenticated, CurrentPrincipal, Public, Scopes, type Principal } from 'nest-portcullis';
import {
  accessTokenOf,
  ClientCredentialsError,
  ClientCredentialsToken,
  withAccessToken,
} from 'nest-portcullis/microservices';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS, startApp } from '../support/platforms';
import { callTcp } from './support/rpc-answers';
import { startTcpService, type TcpService } from './support/tcp-service';

const NOTES = Symbol('notes client');
const SERVICE_TOKEN = Symbol('service token');

/** An HTTP API in front of the notes service: it forwards its caller, or calls as itself. */
@Controller()
class GatewayController {
  constructor(
    @Inject(NOTES) private readonly notes: ClientProxy,
    @Inject(SERVICE_TOKEN) private readonly serviceToken: ClientCredentialsToken,
  ) {}

  // What propagation reads: the token beside the principal, not in it.
  @Authenticated()
  @Get('me')
  me(@CurrentPrincipal() me: Principal) {
    return { principal: me, token: accessTokenOf(me) };
  }

  @Authenticated()
  @Get('me/downstream')
  downstream(@CurrentPrincipal() me: Principal) {
    return this.notes.send('whoami', withAccessToken({}, me));
  }

  @Scopes('read:notes')
  @Get('notes/:id')
  note(@Param('id') id: string, @CurrentPrincipal() me: Principal) {
    return this.notes.send('notes.get', withAccessToken({ id }, me));
  }

  // The gateway's own report: the service reads as itself, whoever asks.
  @Public()
  @Get('report/:id')
  async report(@Param('id') id: string) {
    return this.notes.send('notes.get', withAccessToken({ id }, await this.serviceToken.get()));
  }
}

describe('calling another service: the caller, or the service itself', () => {
  let issuer: TestIssuer;
  let service: TcpService;
  const credentials = (secret = 's3cret', scope?: string) =>
    new ClientCredentialsToken({
      tokenEndpoint: issuer.tokenEndpoint,
      clientId: 'reports',
      clientSecret: secret,
      ...(scope === undefined ? {} : { scope }),
    });

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    issuer.registerClient('reports', { clientSecret: 's3cret', scope: 'read:notes' });
    service = await startTcpService(issuer);
  });
  afterAll(async () => {
    await service.close();
    await issuer.stop();
  });

  describe.each(PLATFORMS)('from an HTTP route on %s', (platform) => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await startApp(platform, {
        imports: [issuer.module()],
        controllers: [GatewayController],
        providers: [
          { provide: NOTES, useValue: service.client },
          { provide: SERVICE_TOKEN, useFactory: () => credentials() },
        ],
      });
    });
    afterAll(() => app.close());

    it('accessTokenOf: the token the principal was verified from, kept out of its JSON', async () => {
      const ada = issuer.mintAccessToken({ sub: 'ada' });
      for (let i = 0; i < 2; i++) {
        // The second time from the verified-token cache.
        const answer = await request(app.getHttpServer()).get('/me').auth(ada, { type: 'bearer' });
        expect([answer.status, answer.body.token]).toEqual([200, ada]);
        expect(answer.body.principal.sub).toBe('ada');
        expect(JSON.stringify(answer.body.principal)).not.toContain(ada);
      }
    });

    it("the route's caller reaches the service: the same subject, verified again there", async () => {
      const ada = issuer.mintAccessToken({ sub: 'ada', scope: 'read:notes' });
      const answer = await request(app.getHttpServer()).get('/me/downstream').auth(ada, {
        type: 'bearer',
      });
      expect([answer.status, answer.body]).toEqual([200, { sub: 'ada', kind: 'user', fields: [] }]);
    });

    it("the service decides with the caller's rights: ada reads her note", async () => {
      const ada = issuer.mintAccessToken({ sub: 'ada', scope: 'read:notes' });
      const answer = await request(app.getHttpServer()).get('/notes/n1').auth(ada, {
        type: 'bearer',
      });
      expect([answer.status, answer.body]).toEqual([
        200,
        { id: 'n1', ownerId: 'ada', title: 'Engines' },
      ]);
    });

    it("the service's own token: a client that reads every note, whoever calls the route", async () => {
      const answer = await request(app.getHttpServer()).get('/report/n2');
      expect([answer.status, answer.body]).toEqual([
        200,
        { id: 'n2', ownerId: 'grace', title: 'Compilers' },
      ]);
    });
  });

  describe('ClientCredentialsToken', () => {
    it('fetches once, keeps the token, and shares one fetch between concurrent callers', async () => {
      const before = issuer.tokenRequests;
      const token = credentials();
      const [a, b] = await Promise.all([token.get(), token.get()]);
      expect(await token.get()).toBe(a);
      expect([b, issuer.tokenRequests - before]).toEqual([a, 1]);
      expect(await callTcp(service.client, 'whoami', withAccessToken({}, a))).toEqual({
        answer: { sub: 'reports', kind: 'client', fields: [] },
      });
    });

    it('fetches a new token before the current one expires', async () => {
      issuer.registerClient('short', { clientSecret: 'x', scope: 'read:notes', expiresIn: 2 });
      const token = new ClientCredentialsToken({
        tokenEndpoint: issuer.tokenEndpoint,
        clientId: 'short',
        clientSecret: 'x',
      });
      const first = await token.get();
      expect(await token.get()).toBe(first);
      // Refreshed halfway through a 2 s lifetime (the margin never exceeds half of it).
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await token.get()).not.toBe(first);
    });

    it('a refusal of the token endpoint is an error that names it, never the secret', async () => {
      await expect(credentials('wrong').get()).rejects.toThrow(
        new ClientCredentialsError(`${issuer.tokenEndpoint} answered 401`),
      );
      await expect(credentials('s3cret', 'write:notes').get()).rejects.toThrow(
        new ClientCredentialsError(`${issuer.tokenEndpoint} answered 400`),
      );
      // A failed fetch is not kept: the next call asks again.
      const before = issuer.tokenRequests;
      await expect(credentials('wrong').get()).rejects.toThrow(ClientCredentialsError);
      expect(issuer.tokenRequests - before).toBe(1);
    });
  });
});
