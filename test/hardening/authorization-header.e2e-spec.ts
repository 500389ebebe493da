import fc from 'fast-check';
import { TestIssuer } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { refusalProblem } from '../support/answers';
import { startHardeningApp, type ListeningApp } from './support/hardening-app';
import { checkProperty, timeoutFor } from './support/properties';
import { closeRawClient, MAX_AUTHORIZATION_LENGTH, rawGet } from '../support/raw-http';

/**
 * One character Node's HTTP client sends in a header value: tab, printable ASCII and the
 * latin-1 range (it refuses CR, LF, other controls, DEL and anything above U+00FF).
 */
const headerChar = fc.oneof(
  fc.constant('\t'),
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
);

/** Characters of a b64token, the separators around it and a few that break it. */
const tokenishChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'AZaz09-._~+/='.split('')) },
  { weight: 8, arbitrary: fc.base64String({ maxLength: 4 }).map((s) => s.slice(0, 1) || 'A') },
  { weight: 1, arbitrary: headerChar },
);

/** Values shaped like a bearer header, so the parser's deeper branches are reached. */
const bearerLike = fc
  .tuple(
    fc.oneof(fc.mixedCase(fc.constant('bearer')), fc.constantFrom('Basic', 'DPoP', 'Bearer:', '')),
    fc.constantFrom('', ' ', '  ', '\t', ' \t ', '   '),
    fc.string({ unit: tokenishChar, maxLength: 200 }),
    fc.constantFrom('', ' ', '\t', ' x', ',', ' =', '.'),
  )
  .map(([scheme, gap, token, tail]) => `${scheme}${gap}${token}${tail}`);

/** A value of any length up to the limit: a short pattern repeated. */
const longValue = fc
  .tuple(
    fc.constantFrom('', 'Bearer ', 'bearer  ', 'BEARER\t'),
    fc.string({ unit: fc.oneof(tokenishChar, headerChar), minLength: 1, maxLength: 8 }),
    fc.integer({ min: 1, max: MAX_AUTHORIZATION_LENGTH }),
  )
  .map(([prefix, pattern, length]) =>
    (prefix + pattern.repeat(Math.ceil(length / pattern.length))).slice(0, length),
  );

const anyValue = fc.oneof(fc.string({ unit: headerChar, maxLength: 300 }), bearerLike, longValue);

/** One to three `Authorization` lines (any name case), and now and then a query token. */
const authorizationRequest = fc.record({
  names: fc.array(fc.mixedCase(fc.constant('authorization')), { minLength: 1, maxLength: 3 }),
  values: fc.array(anyValue, { minLength: 3, maxLength: 3 }),
  queryToken: fc.option(fc.constantFrom('abc', 'a.b.c', ''), { freq: 8 }),
});

// Whatever the Authorization header holds, the answer is 400 invalid_request or 401, with a
// well-formed challenge: never a 2xx, never a 5xx.
describe('arbitrary Authorization headers (property)', () => {
  let issuer: TestIssuer;
  let apps: ListeningApp[];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    apps = await Promise.all(PLATFORMS.map((platform) => startHardeningApp(platform, issuer)));
  });

  afterAll(async () => {
    closeRawClient();
    await Promise.all(apps.map(({ app }) => app.close()));
    await issuer.stop();
  });

  it(
    'answers every value Node can send with 400 or 401',
    async () => {
      const seen = new Set<number>();
      await checkProperty(
        fc.asyncProperty(
          fc.nat({ max: PLATFORMS.length - 1 }),
          authorizationRequest,
          async (appIndex, { names, values, queryToken }) => {
            const lines = names.map((name, i) => [name, values[i]] as const);
            const size = lines.reduce((sum, [name, value]) => sum + name.length + value.length, 0);
            fc.pre(size <= MAX_AUTHORIZATION_LENGTH);
            const path = queryToken === null ? '/whoami' : `/whoami?access_token=${queryToken}`;
            const answer = await rawGet(apps[appIndex].origin, path, lines);
            expect(refusalProblem(answer)).toBeUndefined();
            seen.add(answer.status);
          },
        ),
        400,
      );
      expect([...seen].sort()).toEqual([400, 401]);
    },
    timeoutFor(400),
  );
});
