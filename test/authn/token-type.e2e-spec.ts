import type { INestApplication } from '@nestjs/common';
import { TestIssuer, type JsonObject } from 'nest-portcullis/testing';
import { PLATFORMS } from '../support/platforms';
import { answerOf, DESCRIPTION, invalidToken } from '../support/answers';
import { getMe, startAuthnApp } from './support/authn-app';

const ACCESS_TYPES = ['at+jwt', 'AT+JWT', 'At+Jwt', 'application/at+jwt', 'Application/AT+JWT'];
const REFUSED_TYPES: unknown[] = [
  'JOSE',
  'JWS',
  'dpop+jwt',
  'logout+jwt',
  'secevent+jwt',
  'id_token+jwt',
  'application/json',
  'application/application/at+jwt',
  'at+jwt ',
  'at+jwt;charset=utf-8',
  '',
  42,
  ['at+jwt'],
  null,
];

describe.each(PLATFORMS)('token type (RFC 8725 section 3.11, RFC 9068) on %s', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let strictApp: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    [app, strictApp] = await Promise.all([
      startAuthnApp(platform, issuer.moduleOptions()),
      startAuthnApp(platform, issuer.moduleOptions({ strict: true })),
    ]);
  });

  afterAll(async () => {
    await Promise.all([app?.close(), strictApp?.close()]);
    await issuer?.stop();
  });

  const withType = (typ: unknown, claims?: JsonObject): string =>
    issuer.mintAccessToken({ sub: 'typed', ...claims }, { header: { typ } });

  describe('by default', () => {
    it.each([...ACCESS_TYPES, 'JWT', 'jwt', 'application/jwt', 'application/JWT', undefined])(
      'accepts typ %j',
      async (typ) => {
        const response = await getMe(app, withType(typ));

        expect([response.status, response.body.sub]).toEqual([200, 'typed']);
      },
    );

    it.each(REFUSED_TYPES)('refuses typ %j', async (typ) => {
      expect(answerOf(await getMe(app, withType(typ)))).toEqual(invalidToken(DESCRIPTION.type));
    });

    it('accepts a token without client_id or jti', async () => {
      const token = withType('JWT', { client_id: undefined, jti: undefined });

      expect((await getMe(app, token)).status).toBe(200);
    });
  });

  describe('in strict RFC 9068 mode', () => {
    it.each(ACCESS_TYPES)('accepts typ %j with client_id, iat and jti', async (typ) => {
      const response = await getMe(strictApp, withType(typ));

      expect([response.status, response.body.sub]).toEqual([200, 'typed']);
    });

    it.each(['JWT', 'jwt', 'application/jwt', undefined, ...REFUSED_TYPES])(
      'refuses typ %j',
      async (typ) => {
        expect(answerOf(await getMe(strictApp, withType(typ)))).toEqual(
          invalidToken(DESCRIPTION.type),
        );
      },
    );

    it.each([
      ['no client_id', { client_id: undefined }],
      ['an empty client_id', { client_id: '' }],
      ['a numeric client_id', { client_id: 7 }],
      ['no jti', { jti: undefined }],
      ['an empty jti', { jti: '' }],
      ['an object jti', { jti: { id: 'x' } }],
      ['no iat', { iat: undefined }],
    ])('refuses %s', async (_, claims) => {
      expect(answerOf(await getMe(strictApp, withType('at+jwt', claims)))).toEqual(
        invalidToken(DESCRIPTION.requiredClaim),
      );
    });

    it('refuses an ID token whose aud is the API even without nonce or at_hash', async () => {
      const idToken = issuer.mintIdToken({
        aud: issuer.audience,
        nonce: undefined,
        at_hash: undefined,
      });

      expect(answerOf(await getMe(strictApp, idToken))).toEqual(invalidToken(DESCRIPTION.type));
    });
  });
});
