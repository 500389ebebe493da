import type { INestApplication } from '@nestjs/common';
import type { KeySourceOptions } from 'nest-portcullis';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { issuerPerSuite } from '../support/issuer-lifecycle';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken, keysUnavailable } from '../support/answers';
import { getMe, startAuthnApp, waitUntil } from './support/authn-app';

const unknownKey = invalidToken(DESCRIPTION.unknownKey);

/** Sends `count` requests, `concurrency` at a time, and returns every response. */
async function flood(
  count: number,
  concurrency: number,
  send: (i: number) => Promise<Response>,
): Promise<Response[]> {
  const responses: Response[] = [];
  for (let start = 0; start < count; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, count - start) }, (_, j) =>
      send(start + j),
    );
    responses.push(...(await Promise.all(batch)));
  }
  return responses;
}

describe.each(PLATFORMS)('keys: fetched once, shared, rate-limited on %s', (platform) => {
  const suite = issuerPerSuite();

  async function boot(keys: KeySourceOptions): Promise<INestApplication> {
    suite.issuer.resetCounters();
    const options = suite.issuer.moduleOptions({ keys, tokenCache: false });
    return suite.closeAfterTest(await startAuthnApp(platform, options));
  }

  it('fetches the JWKS once at boot; 20 parallel first requests fetch nothing', async () => {
    const started = await boot({});
    expect(suite.issuer.jwksFetches).toBe(1);

    const responses = await flood(20, 20, () => getMe(started, suite.issuer.mintAccessToken()));

    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(suite.issuer.jwksFetches).toBe(1);
  });

  it('concurrent cold start: with no keys yet, 20 parallel first requests share one fetch', async () => {
    await suite.issuer.simulateOutage('status500', 'jwks');
    const started = await boot({ cooldownSeconds: 0 });
    await suite.issuer.restore();
    suite.issuer.resetCounters();

    const responses = await flood(20, 20, (i) =>
      getMe(started, suite.issuer.mintAccessToken({ sub: `user-${i}` })),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(suite.issuer.jwksFetches).toBe(1);
  });

  it('an unknown-kid flood refetches at most once per cooldown; a new key is then accepted', async () => {
    // The cooldown's arithmetic is unit-tested; 1 s is just longer than the flood below.
    const started = await boot({ cooldownSeconds: 1 });
    suite.issuer.resetCounters();

    const responses = await flood(100, 25, () =>
      getMe(started, suite.issuer.mintAccessToken({}, { header: { kid: randomUUID() } })),
    );

    expect(new Set(responses.map((r) => JSON.stringify(answerOf(r))))).toEqual(
      new Set([JSON.stringify(unknownKey)]),
    );
    expect(suite.issuer.jwksFetches).toBeLessThanOrEqual(2);

    // A legitimate new key: refused while the cooldown lasts, accepted once it allows a refetch.
    const kid = suite.issuer.createKey('RS256', { current: false });
    const token = suite.issuer.mintAccessToken({ sub: 'rotated' }, { kid });
    suite.issuer.resetCounters();
    await waitUntil(
      async () => {
        const response = await getMe(started, token);
        if (response.status !== 200) expect(answerOf(response)).toEqual(unknownKey);
        return response.status === 200;
      },
      { timeoutMs: 3000, intervalMs: 50 },
    );

    expect(suite.issuer.jwksFetches).toBe(1);
  });

  it('a trickling JWKS cannot hold a request: the whole fetch times out into a 503', async () => {
    const started = await boot({ cooldownSeconds: 0, fetchTimeoutMs: 300 });
    await suite.issuer.simulateOutage('slow', 'jwks');
    const token = suite.issuer.mintAccessToken({}, { header: { kid: randomUUID() } });

    const response = await getMe(started, token);

    expect(answerOf(response)).toEqual(keysUnavailable(1));
    expect(suite.issuer.jwksFetches).toBe(2);
  });

  it('a hanging JWKS at boot: the boot ends at the fetch timeout, and requests get 503', async () => {
    await suite.issuer.simulateOutage('hang', 'jwks');
    const started = await boot({ cooldownSeconds: 0.5, fetchTimeoutMs: 300 });

    expect(answerOf(await getMe(started, suite.issuer.mintAccessToken()))).toEqual(
      keysUnavailable(1),
    );
  });

  it('known keys outlive an outage for maxStaleSeconds only, then 503 until recovery', async () => {
    const started = await boot({
      cooldownSeconds: 0.2,
      refreshIntervalSeconds: 0,
      maxStaleSeconds: 0.3,
    });
    expect((await getMe(started, suite.issuer.mintAccessToken())).status).toBe(200);
    await suite.issuer.simulateOutage('status500', 'jwks');

    // 200 from the stale keys while they are young enough, then 503: never a 401 or a 500.
    await waitUntil(async () => {
      const response = await getMe(started, suite.issuer.mintAccessToken());
      if (response.status !== 200) expect(answerOf(response)).toEqual(keysUnavailable(1));
      return response.status === 503;
    });

    await suite.issuer.restore();
    await waitUntil(
      async () => (await getMe(started, suite.issuer.mintAccessToken())).status === 200,
    );
  });
});
