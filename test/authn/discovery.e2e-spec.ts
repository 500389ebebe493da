import type { INestApplication } from '@nestjs/common';
import { PortcullisModule } from 'nest-portcullis';
import { TestIssuer, type OutageMode } from 'nest-portcullis/testing';
import { randomUUID } from 'node:crypto';
import { bootError, PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken, keysUnavailable } from '../support/answers';
import { authnScenario, getMe, startAuthnApp, waitUntil } from './support/authn-app';

describe.each(PLATFORMS)('OIDC discovery on %s', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    // A Keycloak-like layout: the JWKS is not where a guess would look for it.
    issuer = await TestIssuer.start({
      issuerPath: '/realms/demo',
      jwksPath: '/realms/demo/protocol/openid-connect/certs',
    });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await issuer.restore();
  });

  afterAll(() => issuer?.stop());

  it('finds the JWKS through the discovery document, fetched once', async () => {
    issuer.resetCounters();
    app = await startAuthnApp(
      platform,
      issuer.discoveryModuleOptions({ keys: { cooldownSeconds: 0 } }),
    );
    expect([issuer.discoveryFetches, issuer.jwksFetches]).toEqual([1, 1]);

    const response = await getMe(app, issuer.mintAccessToken({ sub: 'discovered' }));
    const unknown = await getMe(app, issuer.mintAccessToken({}, { header: { kid: randomUUID() } }));

    expect([response.status, response.body.sub]).toEqual([200, 'discovered']);
    expect(answerOf(unknown)).toEqual(invalidToken(DESCRIPTION.unknownKey));
    // The refetch for the unknown kid went to the JWKS it already knew.
    expect([issuer.discoveryFetches, issuer.jwksFetches]).toEqual([1, 2]);
  });

  it('refuses to boot when the document names another issuer (a trailing slash differs)', async () => {
    const configured = `${issuer.issuer}/`;

    const error = await bootError(
      platform,
      authnScenario([
        PortcullisModule.forRoot(issuer.discoveryModuleOptions({ issuer: configured })),
      ]),
    );

    expect(error.message).toBe(
      `discovery at ${issuer.discoveryUri} names issuer ${JSON.stringify(issuer.issuer)}, ` +
        `not the configured ${JSON.stringify(configured)}`,
    );
  });

  it.each<OutageMode>(['down', 'status500', 'garbage', 'hang'])(
    'discovery %s at boot: the app starts, answers 503, and recovers',
    async (mode) => {
      await issuer.simulateOutage(mode, 'discovery');
      issuer.resetCounters();
      const keys = { cooldownSeconds: 0.3, fetchTimeoutMs: 300 };
      const started = await startAuthnApp(platform, issuer.discoveryModuleOptions({ keys }));
      app = started;
      expect([issuer.discoveryFetches, issuer.jwksFetches]).toEqual([1, 0]);

      expect(answerOf(await getMe(started, issuer.mintAccessToken()))).toEqual(keysUnavailable(1));

      await issuer.restore();
      await waitUntil(async () => {
        const response = await getMe(started, issuer.mintAccessToken());
        if (response.status !== 200) expect(answerOf(response)).toEqual(keysUnavailable(1));
        return response.status === 200;
      });
    },
  );
});
