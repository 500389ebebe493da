import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { PortcullisModule, type PortcullisOptions } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { PLATFORMS, startApp } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken, missingToken } from '../support/answers';
import { AuthnController } from './support/authn.controller';
import { getMe, startAuthnApp } from './support/authn-app';

/** An app's own configuration service, as `@nestjs/config` would provide it. */
@Injectable()
class AuthConfig {
  static issuer: TestIssuer;

  portcullis(): PortcullisOptions {
    return AuthConfig.issuer.moduleOptions({ realm: 'from-config' });
  }
}

@Module({ providers: [AuthConfig], exports: [AuthConfig] })
class AuthConfigModule {}

const API = 'https://api.example.test';

describe.each(PLATFORMS)('PortcullisModule configuration on %s', (platform) => {
  let issuer: TestIssuer;
  let second: TestIssuer;
  let untrusted: TestIssuer;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    [issuer, second, untrusted] = await Promise.all([
      TestIssuer.start(),
      TestIssuer.start({ algorithms: ['ES256'] }),
      TestIssuer.start(),
    ]);
    AuthConfig.issuer = issuer;
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all([issuer, second, untrusted].map((i) => i?.stop()));
  });

  async function started(app: Promise<INestApplication>): Promise<INestApplication> {
    apps.push(await app);
    return apps[apps.length - 1];
  }

  it('forRoot: a custom realm names every challenge, quotes made safe', async () => {
    const app = await started(
      startAuthnApp(platform, issuer.moduleOptions({ realm: 'the "orders" API' })),
    );

    const response = await request(app.getHttpServer()).get('/me');

    expect(answerOf(response)).toEqual(missingToken(`the 'orders' API`));
  });

  it('forRoot: several audiences, any one of them suffices', async () => {
    const audience = ['https://orders.example', 'https://billing.example'];
    const app = await started(startAuthnApp(platform, issuer.moduleOptions({ audience })));

    for (const aud of [audience[1], [audience[0], 'https://x.example']]) {
      expect((await getMe(app, issuer.mintAccessToken({ aud }))).status).toBe(200);
    }
    expect(answerOf(await getMe(app, issuer.mintAccessToken()))).toEqual(
      invalidToken(DESCRIPTION.audience),
    );
  });

  it('forRoot: a larger clock tolerance accepts an iat further in the future', async () => {
    const app = await started(
      startAuthnApp(platform, issuer.moduleOptions({ clockToleranceSeconds: 60 })),
    );
    const iat = Math.floor(Date.now() / 1000) + 30;

    expect((await getMe(app, issuer.mintAccessToken({ iat }))).status).toBe(200);
  });

  it('forRootAsync: options from an injected configuration provider', async () => {
    const app = await started(
      startApp(platform, {
        imports: [
          PortcullisModule.forRootAsync({
            imports: [AuthConfigModule],
            inject: [AuthConfig],
            useFactory: async (config: AuthConfig) => config.portcullis(),
          }),
        ],
        controllers: [AuthnController],
      }),
    );

    const ok = await getMe(app, issuer.mintAccessToken({ sub: 'async' }));
    const missing = await request(app.getHttpServer()).get('/me');

    expect([ok.status, ok.body.sub]).toEqual([200, 'async']);
    expect(answerOf(missing)).toEqual(missingToken('from-config'));
  });

  it('several issuers, each verified with its own keys only', async () => {
    second.resetCounters();
    issuer.resetCounters();
    const app = await started(
      startAuthnApp(platform, {
        issuer: [
          { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
          { issuer: second.issuer, jwksUri: second.jwksUri },
        ],
        audience: API,
      }),
    );
    expect([issuer.jwksFetches, second.jwksFetches]).toEqual([1, 1]);

    for (const from of [issuer, second]) {
      const response = await getMe(app, from.mintAccessToken({ sub: from.issuer }));
      expect([response.status, response.body.issuer]).toEqual([200, from.issuer]);
    }
    // The second issuer's key, claimed for the first issuer: the first issuer's JWKS lacks it.
    const crossed = second.mintAccessToken({ iss: issuer.issuer });
    expect(answerOf(await getMe(app, crossed))).toEqual(invalidToken(DESCRIPTION.unknownKey));
    expect(answerOf(await getMe(app, untrusted.mintAccessToken()))).toEqual(
      invalidToken(DESCRIPTION.issuer),
    );
  });
});
