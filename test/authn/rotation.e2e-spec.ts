import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken } from '../support/answers';
import { getMe, startAuthnApp, waitUntil } from './support/authn-app';

const unknownKey = invalidToken(DESCRIPTION.unknownKey);

describe.each(PLATFORMS)('key rotation on %s', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startAuthnApp(
      platform,
      issuer.moduleOptions({
        keys: { cooldownSeconds: 0.2, refreshIntervalSeconds: 0.3 },
        tokenCache: { maxAgeSeconds: 0.5 },
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  /** Polls with `token` until the answer is `status`; any other answer must be the other one. */
  async function settlesOn(token: string, status: 200 | 401): Promise<void> {
    await waitUntil(async () => {
      const response = await getMe(app, token);
      if (response.status !== 200) expect(answerOf(response)).toEqual(unknownKey);
      return response.status === status;
    });
  }

  it('picks up a new kid; tokens of the old keys keep working while they are published', async () => {
    const oldKid = issuer.currentKid();
    const oldToken = issuer.mintAccessToken({ sub: 'old' });
    expect((await getMe(app, oldToken)).status).toBe(200);

    const [rsaKid, ecKid] = issuer.rotateKeys();
    await settlesOn(issuer.mintAccessToken({ sub: 'new' }, { kid: rsaKid }), 200);
    const ec = await getMe(app, issuer.mintAccessToken({ sub: 'new-ec' }, { kid: ecKid }));

    expect([ec.status, ec.body.sub]).toEqual([200, 'new-ec']);
    expect((await getMe(app, oldToken)).status).toBe(200);
    expect((await getMe(app, issuer.mintAccessToken({}, { kid: oldKid }))).status).toBe(200);
  });

  it('a removed key stops working once the key set and the token cache have aged', async () => {
    const retiring = issuer.currentKid('RS256');
    const cached = issuer.mintAccessToken({ sub: 'cached' }, { kid: retiring });
    expect((await getMe(app, cached)).status).toBe(200);
    issuer.rotateKeys();

    issuer.removeKey(retiring);

    await settlesOn(issuer.mintAccessToken({}, { kid: retiring }), 401);
    await settlesOn(cached, 401);
    const current = await getMe(app, issuer.mintAccessToken({ sub: 'current' }));
    expect([current.status, current.body.sub]).toEqual([200, 'current']);
  });

  it('a key set whose every key was replaced: old tokens fail, new ones pass', async () => {
    const old = issuer.publishedKids;
    const oldToken = issuer.mintAccessToken({}, { kid: old[old.length - 1] });
    const fresh = issuer.rotateKeys();
    for (const kid of old) issuer.removeKey(kid);

    await settlesOn(issuer.mintAccessToken({ sub: 'fresh' }, { kid: fresh[0] }), 200);
    await settlesOn(oldToken, 401);
    expect(issuer.publishedKids).toEqual(fresh);
  });
});
