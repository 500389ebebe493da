import type { INestApplication } from '@nestjs/common';
import type { KeySourceOptions } from 'nest-portcullis';
import {
  decodeJwtParts,
  hmacSign,
  signJwt,
  TestIssuer,
  type JsonObject,
} from 'nest-portcullis/testing';
import {
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  verify,
  type JsonWebKey,
} from 'node:crypto';
import { TEST_CERTIFICATE_X5C } from '../../libs/portcullis/src/token/jwk-import.fixture';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken, type Answer } from '../support/answers';
import { getMe, startAuthnApp, waitUntil } from './support/authn-app';
import { CollectingLogger } from '../support/collecting-logger';
import { exponentForgery, ownKey, type OwnKey } from './support/hostile-jwks';

// Short timings: the JWKS is fetched again several times while the test runs.
const KEYS: KeySourceOptions = { cooldownSeconds: 0.05, refreshIntervalSeconds: 0.1 };
const unknownKey = invalidToken(DESCRIPTION.unknownKey);
const refusedAlgorithm = invalidToken(DESCRIPTION.algorithm);
const ok = (sub: string): Partial<Answer> => ({
  status: 200,
  body: expect.objectContaining({ sub }),
});

describe('unsafe keys in the JWKS are refused at import', () => {
  let issuer: TestIssuer;
  const claims = (sub: string) => issuer.accessClaims({ sub, jti: randomUUID() });

  /** One unsafe key: the JWK served, a token made to verify under it, the answer, the log level. */
  interface Row {
    name: string;
    jwk: JsonWebKey;
    token: string;
    answer: Answer;
    level: 'warn' | 'error';
  }
  let rows: Row[];
  let goodRsa: OwnKey;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'] });
    goodRsa = ownKey({ rsaBits: 2048 }, { kid: 'good-rsa', alg: 'RS256', use: 'sig' }, 'RS256');
    const rsa = (jwk: JsonObject, bits = 2048): OwnKey => ownKey({ rsaBits: bits }, jwk, 'RS256');
    const row = (name: string, key: OwnKey, token = key.sign(claims(name))): Row => ({
      name,
      jwk: key.jwk,
      token,
      answer: unknownKey,
      level: 'warn',
    });
    const e1 = exponentForgery(1, 'e1', claims('forged-e1'));
    const e2 = exponentForgery(2, 'e2', claims('forged-e2'));
    const p384 = ownKey({ curve: 'P-384' }, { kid: 'p384', alg: 'ES256' }, 'ES384');
    const leaked = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const leakedJwk = { ...leaked.privateKey.export({ format: 'jwk' }), kid: 'leaked' };
    const secret = 'a shared secret that leaked into the JWKS';
    const octJwk = { kty: 'oct', kid: 'oct', alg: 'HS256', k: issuer.forge.base64url(secret) };
    const okp = generateKeyPairSync('ed25519');
    const okpJwk = { ...okp.publicKey.export({ format: 'jwk' }), kid: 'okp', alg: 'EdDSA' };
    const header = (kid: string, alg: string) => ({ alg, kid, typ: 'at+jwt' });
    // A y no point of P-256 has with this x (almost surely): the invalid-curve attack's input.
    const offCurveY = issuer.forge.base64url(Buffer.alloc(32, 1));
    rows = [
      { name: 'e1', jwk: e1.jwk, token: e1.token, answer: unknownKey, level: 'warn' },
      { name: 'e2', jwk: e2.jwk, token: e2.token, answer: unknownKey, level: 'warn' },
      row('rsa1024', rsa({ kid: 'rsa1024', alg: 'RS256', use: 'sig' }, 1024)),
      row('rsa512', rsa({ kid: 'rsa512', alg: 'RS256', use: 'sig' }, 512)),
      row('no-verify', rsa({ kid: 'no-verify', key_ops: [] })),
      row('enc', rsa({ kid: 'enc', use: 'enc' })),
      row('use-array', rsa({ kid: 'use-array', use: ['sig'] })),
      row('x5c', rsa({ kid: 'x5c', x5c: [TEST_CERTIFICATE_X5C] })),
      row('rsa-as-es', rsa({ kid: 'rsa-as-es', alg: 'ES256' })),
      row('p384', p384, p384.sign(claims('p384'), 'ES256')),
      row('alg-none', rsa({ kid: 'alg-none', alg: 'none' })),
      row('alg-hs256', rsa({ kid: 'alg-hs256', alg: 'HS256' })),
      row('off-curve', ownKey({ curve: 'P-256' }, { kid: 'off-curve', y: offCurveY }, 'ES256')),
      {
        name: 'leaked',
        jwk: leakedJwk,
        token: signJwt(header('leaked', 'RS256'), claims('leaked'), 'RS256', leaked.privateKey),
        answer: unknownKey,
        level: 'error',
      },
      {
        name: 'oct',
        jwk: octJwk,
        token: hmacSign(header('oct', 'HS256'), claims('oct'), secret),
        answer: refusedAlgorithm,
        level: 'error',
      },
      {
        name: 'okp',
        jwk: okpJwk,
        token: signJwt(header('okp', 'EdDSA'), claims('okp'), 'EdDSA', okp.privateKey),
        answer: refusedAlgorithm,
        level: 'warn',
      },
    ];
    for (const jwk of [goodRsa.jwk, ...rows.map((r) => r.jwk)]) issuer.publishJwk(jwk);
  });

  it('the forgeries are real: each RS256 token verifies under its served JWK with Node alone', () => {
    const rs256 = rows.filter(({ token }) => decodeJwtParts(token).header.alg === 'RS256');
    const verifies = rs256.map(({ name, jwk, token }) => {
      const [h, p, s] = token.split('.');
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      return [name, verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))];
    });
    expect(verifies).toEqual(rs256.map(({ name }) => [name, true]));
    expect(verifies).toHaveLength(12);
  });

  afterAll(() => issuer?.stop());

  describe.each(PLATFORMS)('on %s', (platform) => {
    const logger = new CollectingLogger();
    let app: INestApplication;

    beforeAll(async () => {
      issuer.resetCounters();
      app = await startAuthnApp(platform, issuer.moduleOptions({ keys: KEYS }), logger);
    });

    afterAll(() => app?.close());

    it('answers 401 to a token of each unsafe key, while the good keys of the same set still work', async () => {
      const seen: Array<[string, number, unknown]> = [];
      for (const { name, token } of rows) {
        const { status, body } = answerOf(await getMe(app, token));
        seen.push([name, status, (body as { message?: string }).message]);
      }
      // All at once, so a failure lists every key that let its token through.
      expect(seen).toEqual(
        rows.map(({ name, answer }) => [name, 401, (answer.body as { message: string }).message]),
      );
      for (const { token, answer } of rows) {
        expect(answerOf(await getMe(app, token))).toEqual(answer);
      }
      expect(answerOf(await getMe(app, issuer.mintAccessToken({ sub: 'good-es' })))).toMatchObject(
        ok('good-es'),
      );
      expect(answerOf(await getMe(app, goodRsa.sign(claims('good-rsa'))))).toMatchObject(
        ok('good-rsa'),
      );
    });

    it('logs each refused key once, at error level for leaked private material, across refreshes', async () => {
      const fetched = issuer.jwksFetches;
      for (let round = 0; round < 3; round++) {
        for (const { token } of rows) await getMe(app, token);
      }
      await waitUntil(async () => {
        await getMe(app, issuer.mintAccessToken());
        return issuer.jwksFetches >= fetched + 3;
      });

      for (const { name, level } of rows) {
        const lines = logger.about(`Key "${name}" of ${issuer.issuer} refused`);
        expect([name, lines.length, lines[0]?.split(' ')[0]]).toEqual([name, 1, level]);
      }
      expect(logger.about('Key "leaked"')[0]).toContain(
        'private key material (d, p, q, dp, dq, qi)',
      );
      expect(logger.about('Key "e1"')[0]).toContain('the RSA public exponent is 1, below 3');
      expect(logger.about('Key "off-curve"')[0]).toContain('the point is not on the curve P-256');
      expect(logger.about('Key "rsa1024"')[0]).toContain('has 1024 bits, fewer than 2048');
      // Nothing else was logged: no fetch failure, no per-request line.
      expect(logger.problems()).toHaveLength(rows.length);
    });
  });
});

describe('duplicate kids: each token meets only a key of its own type and alg', () => {
  let issuer: TestIssuer;
  const claims = (sub: string) => issuer.accessClaims({ sub, jti: randomUUID() });
  const rsa = (jwk: Record<string, unknown>) => ownKey({ rsaBits: 2048 }, jwk, 'RS256');
  let keys: Record<
    'sharedRsa' | 'sharedEc' | 'bareRsa' | 'bareEc' | 'twinA' | 'twinB' | 'mixed',
    OwnKey
  >;
  let forgedMixed: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'] });
    keys = {
      sharedRsa: rsa({ kid: 'shared', alg: 'RS256', use: 'sig' }),
      sharedEc: ownKey({ curve: 'P-256' }, { kid: 'shared', alg: 'ES256', use: 'sig' }, 'ES256'),
      bareRsa: rsa({ kid: 'bare' }),
      bareEc: ownKey({ curve: 'P-256' }, { kid: 'bare' }, 'ES256'),
      twinA: rsa({ kid: 'twin', alg: 'RS256' }),
      twinB: rsa({ kid: 'twin', alg: 'RS256' }),
      mixed: rsa({ kid: 'mixed', alg: 'RS256' }),
    };
    // Under `mixed`, the good key comes first and an e = 1 key second: the last one used to win.
    const e1 = exponentForgery(1, 'mixed', claims('forged-mixed'));
    forgedMixed = e1.token;
    for (const key of Object.values(keys)) issuer.publishJwk(key.jwk);
    issuer.publishJwk(e1.jwk);
  });

  afterAll(() => issuer?.stop());

  describe.each(PLATFORMS)('on %s', (platform) => {
    const logger = new CollectingLogger();
    let app: INestApplication;

    beforeAll(async () => {
      app = await startAuthnApp(platform, issuer.moduleOptions({ keys: KEYS }), logger);
    });

    afterAll(() => app?.close());

    it('verifies an RSA and an EC token under one kid, each with its own key', async () => {
      const { sharedRsa, sharedEc, bareRsa, bareEc } = keys;
      expect(answerOf(await getMe(app, sharedRsa.sign(claims('rsa'))))).toMatchObject(ok('rsa'));
      expect(answerOf(await getMe(app, sharedEc.sign(claims('ec'))))).toMatchObject(ok('ec'));
      // Without alg in the JWKs, the key type decides: RSA for RS and PS, the curve for ES.
      expect(answerOf(await getMe(app, bareRsa.sign(claims('bare-rs'))))).toMatchObject(
        ok('bare-rs'),
      );
      const ps = bareRsa.sign(claims('bare-ps'), 'PS256', 'PS256');
      expect(answerOf(await getMe(app, ps))).toMatchObject(ok('bare-ps'));
      expect(answerOf(await getMe(app, bareEc.sign(claims('bare-es'))))).toMatchObject(
        ok('bare-es'),
      );
      // An RSA signature claiming ES256 under `shared` meets the EC key only, and fails.
      const lying = sharedRsa.sign(claims('lying'), 'ES256');
      expect(answerOf(await getMe(app, lying))).toEqual(invalidToken(DESCRIPTION.invalid));
    });

    it('refuses tokens of a kid that two RSA keys claim for RS256, and logs it once', async () => {
      for (const key of [keys.twinA, keys.twinB, keys.twinA]) {
        expect(answerOf(await getMe(app, key.sign(claims('twin'))))).toEqual(unknownKey);
      }
      expect(logger.about('"twin" names two different keys for RS256')).toHaveLength(1);
    });

    it('an e = 1 key sharing a kid with a good key is dropped; the good key still verifies', async () => {
      expect(answerOf(await getMe(app, forgedMixed))).toEqual(invalidToken(DESCRIPTION.signature));
      const good = keys.mixed.sign(claims('mixed'));
      expect(answerOf(await getMe(app, good))).toMatchObject(ok('mixed'));
      expect(logger.about('Key "mixed"')).toHaveLength(1);
    });
  });
});

describe('a hostile JWKS never breaks the key source', () => {
  let issuer: TestIssuer;
  const documents: Array<[string, unknown]> = [
    ['not JSON', '{"keys": [{"kty": "RSA", '],
    ['keys a string', { keys: 'RSA' }],
    ['keys an object', { keys: { 0: {}, length: 1 } }],
    ['an array', []],
    ['null', null],
    ['no keys', { keys: [] }],
    ['junk entries', { keys: [null, 1, 'a', [], {}, { kty: 'RSA' }, { kty: 'EC', crv: 'P-256' }] }],
    [
      'only unsafe keys',
      {
        keys: [
          { kty: 'oct', k: 'AA' },
          { kty: 'RSA', n: 'AQ', e: 'AQ' },
        ],
      },
    ],
    ['deep nesting', `{"keys":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`],
  ];

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'] });
  });

  afterAll(() => issuer?.stop());

  it.each(PLATFORMS)(
    'on %s: keeps serving the keys it holds, and answers only 200, 401 or 503',
    async (platform) => {
      const logger = new CollectingLogger();
      const app = await startAuthnApp(
        platform,
        issuer.moduleOptions({ keys: KEYS, tokenCache: false }),
        logger,
      );
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        for (const [name, document] of documents) {
          issuer.serveJwks(document);
          const fetched = issuer.jwksFetches;
          await waitUntil(async () => {
            await getMe(app, issuer.mintAccessToken());
            return issuer.jwksFetches >= fetched + 2;
          });
          const good = answerOf(await getMe(app, issuer.mintAccessToken({ sub: 'still' })));
          expect([name, good.status]).toEqual([name, 200]);
          const stranger = issuer.forge.signWithForeignKey(issuer.accessClaims(), {
            kid: randomUUID(),
          });
          const status = (await getMe(app, stranger)).status;
          expect([name, [401, 503].includes(status)]).toEqual([name, true]);
        }
        // Failed fetches are warnings; the one error is the oct key's secret, logged once.
        expect(logger.problems().filter((line) => !line.startsWith('warn'))).toEqual([
          `error Key (no kid) of ${issuer.issuer} refused: the JWK holds private key material (k): a leaked key. Rotate this key at the identity provider.`,
        ]);
        expect(unhandled).toEqual([]);
      } finally {
        issuer.serveJwks(undefined);
        process.off('unhandledRejection', onUnhandled);
        await app.close();
      }
    },
  );
});
