import type { INestApplication } from '@nestjs/common';
import { OUTAGE_MODES, type OutageMode } from 'nest-portcullis/testing';
import { issuerPerSuite } from '../support/issuer-lifecycle';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken, keysUnavailable } from '../support/answers';
import { getMe, startAuthnApp, waitUntil } from './support/authn-app';

/** Short enough to keep the suite fast; Retry-After is then always 1 second. */
const KEYS = { cooldownSeconds: 0.25, fetchTimeoutMs: 300, refreshIntervalSeconds: 0 };

/** Modes in which the JWKS endpoint is reached, so the fetch is counted. */
const COUNTED: readonly OutageMode[] = OUTAGE_MODES.filter((mode) => mode !== 'refuse');

describe.each(PLATFORMS)('keys unavailable on %s', (platform) => {
  const suite = issuerPerSuite();

  async function boot(): Promise<INestApplication> {
    suite.issuer.resetCounters();
    const options = suite.issuer.moduleOptions({ keys: KEYS, tokenCache: false });
    return suite.closeAfterTest(await startAuthnApp(platform, options));
  }

  /** Polls with `token` until it is accepted; every other answer must be `expected`. */
  async function recovers(started: INestApplication, token: () => string, expected: object) {
    await waitUntil(async () => {
      const response = await getMe(started, token());
      if (response.status !== 200) expect(answerOf(response)).toEqual(expected);
      return response.status === 200;
    });
  }

  describe.each(OUTAGE_MODES)('JWKS %s', (mode) => {
    it('at boot: the app starts, answers 503 with Retry-After, and recovers without restart', async () => {
      await suite.issuer.simulateOutage(mode, 'jwks');
      const started = await boot();
      expect(suite.issuer.jwksFetches).toBe(COUNTED.includes(mode) ? 1 : 0);

      const burst = await Promise.all(
        Array.from({ length: 10 }, () => getMe(started, suite.issuer.mintAccessToken())),
      );

      for (const response of burst) expect(answerOf(response)).toEqual(keysUnavailable(1));
      // One fetch at boot and at most one more per cooldown, whatever the number of requests.
      expect(suite.issuer.jwksFetches).toBeLessThanOrEqual(2);
      await suite.issuer.restore();
      await recovers(started, () => suite.issuer.mintAccessToken(), keysUnavailable(1));
    });
  });

  // How the key source moves from 401 to 503 and back is unit-tested (jwks-key-source.spec.ts)
  // with a clock; here, once, what a user sees on a real app during an outage after boot.
  it('later (JWKS status500): a known kid keeps working from stale keys; an unknown kid gets 503', async () => {
    const started = await boot();
    expect((await getMe(started, suite.issuer.mintAccessToken())).status).toBe(200);
    const newKid = suite.issuer.createKey('ES256', { current: false });
    const newToken = (): string => suite.issuer.mintAccessToken({}, { kid: newKid });
    await suite.issuer.simulateOutage('status500', 'jwks');

    // Until a refetch has failed the new kid is merely unknown (401); then it is 503.
    await waitUntil(async () => {
      const response = await getMe(started, newToken());
      const answer = answerOf(response);
      if (response.status !== 503) expect(answer).toEqual(invalidToken(DESCRIPTION.unknownKey));
      else expect(answer).toEqual(keysUnavailable(1));
      return response.status === 503;
    });
    const known = await getMe(started, suite.issuer.mintAccessToken({ sub: 'stale' }));
    expect([known.status, known.body.sub]).toEqual([200, 'stale']);

    await suite.issuer.restore();
    await recovers(started, newToken, keysUnavailable(1));
  });
});
