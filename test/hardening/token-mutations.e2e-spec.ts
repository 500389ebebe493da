import fc from 'fast-check';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { refusalProblem } from '../support/answers';
import { startHardeningApp, type ListeningApp } from './support/hardening-app';
import { checkProperty, timeoutFor } from './support/properties';
import { closeRawClient, getWithToken, MAX_AUTHORIZATION_LENGTH } from '../support/raw-http';
import { applyMutation, decodesToSameToken } from './support/apply-mutation';
import { tokenMutation } from './support/token-mutations';

// A valid token, damaged after signing in one to three ways, is refused with 400 or 401
// unless it decodes to the very token that was signed; nothing is ever answered with a 5xx.
describe('mutations of a valid token (property)', () => {
  let issuer: TestIssuer;
  let apps: ListeningApp[];
  let originals: { token: string; sub: string }[];

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['RS256', 'ES256', 'PS256', 'ES512'] });
    apps = await Promise.all(PLATFORMS.map((platform) => startHardeningApp(platform, issuer)));
    originals = (['RS256', 'ES256', 'PS256', 'ES512'] as const).map((alg, i) => {
      const sub = `user-${i}`;
      const claims = { sub, scope: 'read:users write:users', roles: ['support'] };
      return { token: issuer.mintAccessToken(claims, { alg, expiresIn: 3600 }), sub };
    });
  });

  afterAll(async () => {
    closeRawClient();
    await Promise.all(apps.map(({ app }) => app.close()));
    await issuer.stop();
  });

  it('accepts the unmutated tokens (the property below starts from valid ones)', async () => {
    for (const { app, origin } of apps) {
      for (const { token, sub } of originals) {
        const answer = await getWithToken(origin, token);
        expect([app.constructor.name, answer.status, answer.body]).toEqual([
          app.constructor.name,
          200,
          JSON.stringify({ sub, kind: 'user' }),
        ]);
      }
    }
  });

  it(
    'never accepts a mutated token that decodes differently, and never answers 5xx',
    async () => {
      let refused = 0;
      await checkProperty(
        fc.asyncProperty(
          fc.nat({ max: PLATFORMS.length - 1 }),
          fc.nat({ max: 3 }),
          fc.array(tokenMutation, { minLength: 1, maxLength: 3 }),
          async (appIndex, tokenIndex, mutations) => {
            const { token, sub } = originals[tokenIndex];
            const mutated = mutations.reduce(applyMutation, token);
            fc.pre(`Bearer ${mutated}`.length <= MAX_AUTHORIZATION_LENGTH);
            const answer = await getWithToken(apps[appIndex].origin, mutated);
            if (answer.status === 200) {
              // HTTP drops spaces and tabs around a header value (RFC 9110 section 5.5).
              const received = mutated.replace(/^[ \t]+|[ \t]+$/g, '');
              expect(decodesToSameToken(received, token)).toBe(true);
              expect(JSON.parse(answer.body)).toEqual({ sub, kind: 'user' });
              return;
            }
            expect(refusalProblem(answer)).toBeUndefined();
            refused++;
          },
        ),
        300,
      );
      expect(refused).toBeGreaterThan(0);
    },
    timeoutFor(300),
  );
});
