import { issuerAndApp } from '../support/issuer-lifecycle';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken } from '../support/answers';
import { getMe, startAuthnApp, waitUntil } from './support/authn-app';

const unknownKey = invalidToken(DESCRIPTION.unknownKey);

describe.each(PLATFORMS)('key rotation on %s', (platform) => {
  const suite = issuerAndApp((issuer) =>
    startAuthnApp(
      platform,
      issuer.moduleOptions({
        keys: { cooldownSeconds: 0.2, refreshIntervalSeconds: 0.3 },
        tokenCache: { maxAgeSeconds: 0.5 },
      }),
    ),
  );

  /** Polls with `token` until the answer is `status`; any other answer must be the other one. */
  async function settlesOn(token: string, status: 200 | 401): Promise<void> {
    await waitUntil(async () => {
      const response = await getMe(suite.app, token);
      if (response.status !== 200) expect(answerOf(response)).toEqual(unknownKey);
      return response.status === status;
    });
  }

  it('picks up a new kid; tokens of the old keys keep working while they are published', async () => {
    const oldKid = suite.issuer.currentKid();
    const oldToken = suite.issuer.mintAccessToken({ sub: 'old' });
    expect((await getMe(suite.app, oldToken)).status).toBe(200);

    const [rsaKid, ecKid] = suite.issuer.rotateKeys();
    await settlesOn(suite.issuer.mintAccessToken({ sub: 'new' }, { kid: rsaKid }), 200);
    const ec = await getMe(
      suite.app,
      suite.issuer.mintAccessToken({ sub: 'new-ec' }, { kid: ecKid }),
    );

    expect([ec.status, ec.body.sub]).toEqual([200, 'new-ec']);
    expect((await getMe(suite.app, oldToken)).status).toBe(200);
    expect((await getMe(suite.app, suite.issuer.mintAccessToken({}, { kid: oldKid }))).status).toBe(
      200,
    );
  });

  it('a removed key stops working once the key set and the token cache have aged', async () => {
    const retiring = suite.issuer.currentKid('RS256');
    const cached = suite.issuer.mintAccessToken({ sub: 'cached' }, { kid: retiring });
    expect((await getMe(suite.app, cached)).status).toBe(200);
    suite.issuer.rotateKeys();

    suite.issuer.removeKey(retiring);

    await settlesOn(suite.issuer.mintAccessToken({}, { kid: retiring }), 401);
    await settlesOn(cached, 401);
    const current = await getMe(suite.app, suite.issuer.mintAccessToken({ sub: 'current' }));
    expect([current.status, current.body.sub]).toEqual([200, 'current']);
  });

  it('a key set whose every key was replaced: old tokens fail, new ones pass', async () => {
    const old = suite.issuer.publishedKids;
    const oldToken = suite.issuer.mintAccessToken({}, { kid: old[old.length - 1] });
    const fresh = suite.issuer.rotateKeys();
    for (const kid of old) suite.issuer.removeKey(kid);

    await settlesOn(suite.issuer.mintAccessToken({ sub: 'fresh' }, { kid: fresh[0] }), 200);
    await settlesOn(oldToken, 401);
    expect(suite.issuer.publishedKids).toEqual(fresh);
  });
});
