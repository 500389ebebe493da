import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { listenOnLoopback, PLATFORMS } from '../support/platforms';
import {
  answerOf,
  CODE,
  DESCRIPTION,
  invalidRequest,
  invalidToken,
  missingToken,
} from '../support/answers';
import { startAuthnApp } from './support/authn-app';
import { jsonOf, rawGet } from '../support/raw-http';

/** Comfortably under Node's 16 KiB limit on a request's header section. */
const NEAR_16_KB = 16 * 1024 - 1024;

describe.each(PLATFORMS)('bearer extraction (RFC 6750 section 2.1) on %s', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let origin: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startAuthnApp(platform, issuer.moduleOptions());
    origin = await listenOnLoopback(app);
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  const get = (authorization?: string): request.Test => {
    const req = request(app.getHttpServer()).get('/me');
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  describe('accepts exactly one bearer token in the Authorization header', () => {
    it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('scheme %s', async (scheme) => {
      const response = await get(`${scheme} ${issuer.mintAccessToken({ sub: 'alice' })}`);

      expect(response.status).toBe(200);
      expect(response.body.sub).toBe('alice');
      expect(response.headers['www-authenticate']).toBeUndefined();
    });

    it('with several spaces after the scheme (1*SP)', async () => {
      const response = await get(`Bearer   ${issuer.mintAccessToken()}`);

      expect(response.status).toBe(200);
    });

    it('on a public route, with or without a token, and without a principal', async () => {
      const server = app.getHttpServer();
      await request(server).get('/health').expect(200, { status: 'ok' });
      const withToken = await request(server)
        .get('/public/me')
        .set('Authorization', `Bearer ${issuer.mintAccessToken()}`);

      expect([withToken.status, withToken.body]).toEqual([200, { principal: null }]);
    });
  });

  describe('answers 401 with a bare challenge when no bearer credentials are sent', () => {
    it('no Authorization header', async () => {
      expect(answerOf(await get())).toEqual(missingToken());
    });

    it.each([
      ['Basic', 'Basic dXNlcjpwYXNzd29yZA=='],
      ['Digest', 'Digest username="alice", realm="api"'],
      ['a look-alike scheme', 'Bearerish abc'],
      ['a token without a scheme', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'],
      ['an empty value', ''],
    ])('%s', async (_, authorization) => {
      expect(answerOf(await get(authorization))).toEqual(missingToken());
    });
  });

  describe('answers 400 invalid_request to a malformed request', () => {
    it.each([
      ['`Bearer` alone', 'Bearer', 'The Bearer credentials are empty'],
      ['`Bearer` and spaces', 'Bearer    ', 'The Bearer credentials are empty'],
      ['`Bearer  a b`', 'Bearer  a b', 'The Bearer credentials are malformed'],
      ['a token and an extra part', 'Bearer TOKEN extra', 'The Bearer credentials are malformed'],
      ['three parts', 'Bearer a b c', 'The Bearer credentials are malformed'],
      ['a comma list', 'Bearer a, Bearer b', 'The Bearer credentials are malformed'],
      ['a quote', 'Bearer "TOKEN"', 'The Bearer credentials are malformed'],
      ['padding before token characters', 'Bearer ==abc', 'The Bearer credentials are malformed'],
      ['padding inside the token', 'Bearer e30=.e30.c2ln', 'The Bearer credentials are malformed'],
    ])('%s', async (_, authorization, description) => {
      const value = authorization.replace('TOKEN', issuer.mintAccessToken());

      expect(answerOf(await get(value))).toEqual(invalidRequest(description));
    });

    it('two Authorization headers (sent raw: supertest would merge them)', async () => {
      const token = issuer.mintAccessToken();
      const answer = await rawGet(origin, '/me', [
        ['Authorization', `Bearer ${token}`],
        ['Authorization', `Bearer ${token}`],
      ]);

      const expected = invalidRequest('More than one Authorization header');
      expect(answer.status).toBe(400);
      expect(answer.headers['www-authenticate']).toBe(expected.wwwAuthenticate);
      expect(jsonOf(answer)).toEqual(expected.body);
    });

    it('two Authorization headers of different schemes', async () => {
      const answer = await rawGet(origin, '/me', [
        ['Authorization', 'Basic dXNlcjpwYXNzd29yZA=='],
        ['authorization', `Bearer ${issuer.mintAccessToken()}`],
      ]);

      expect([answer.status, (jsonOf(answer) as { code: string }).code]).toEqual([
        400,
        CODE.invalidRequest,
      ]);
    });

    it('the same request with one header is accepted (the raw client is sound)', async () => {
      const answer = await rawGet(origin, '/me', [
        ['Authorization', `Bearer ${issuer.mintAccessToken({ sub: 'raw' })}`],
      ]);

      expect([answer.status, (jsonOf(answer) as { sub: string }).sub]).toEqual([200, 'raw']);
    });

    it('a token in the header and in the query `access_token` at once', async () => {
      const token = issuer.mintAccessToken();
      const response = await request(app.getHttpServer())
        .get('/me')
        .query({ access_token: token })
        .set('Authorization', `Bearer ${token}`);

      expect(answerOf(response)).toEqual(
        invalidRequest('More than one access token in the request'),
      );
    });

    it('a token in the header and in the JSON body at once', async () => {
      const token = issuer.mintAccessToken();
      const response = await request(app.getHttpServer())
        .post('/me')
        .set('Authorization', `Bearer ${token}`)
        .send({ access_token: token });

      expect(answerOf(response)).toEqual(
        invalidRequest('More than one access token in the request'),
      );
    });

    it('a token in the query only: tokens are accepted in the header only', async () => {
      const response = await request(app.getHttpServer())
        .get('/me')
        .query({ access_token: issuer.mintAccessToken() });

      expect(answerOf(response)).toEqual(
        invalidRequest('Send the access token in the Authorization header only'),
      );
    });

    it('an empty access_token parameter beside a header token is still a second token', async () => {
      const response = await request(app.getHttpServer())
        .get('/me?access_token=')
        .set('Authorization', `Bearer ${issuer.mintAccessToken()}`);

      expect(answerOf(response)).toEqual(
        invalidRequest('More than one access token in the request'),
      );
    });
  });

  describe('refuses a bearer value that is not a compact JWS with 401 invalid_token', () => {
    it.each([
      ['one part', 'abc'],
      ['two parts', 'abc.def'],
      ['four parts', 'a.b.c.d'],
      ['a JWE (five parts)', 'a.b.c.d.e'],
      ['a header that is not JSON', `${Buffer.from('nope').toString('base64url')}.e30.c2ln`],
      ['a header that is a JSON array', `${Buffer.from('[]').toString('base64url')}.e30.c2ln`],
      ['a payload in standard base64', 'eyJhbGciOiJSUzI1NiJ9.e30+/w.c2ln'],
    ])('%s', async (_, token) => {
      expect(answerOf(await get(`Bearer ${token}`))).toEqual(invalidToken(DESCRIPTION.malformed));
    });
  });

  describe('parses a header near 16 KB in one pass and answers it (never a 500)', () => {
    const malformed = invalidRequest('The Bearer credentials are malformed');
    it.each([
      ['spaces then two parts', `Bearer${' '.repeat(NEAR_16_KB)}a b`, malformed],
      ['token characters then a quote', `Bearer ${'a'.repeat(NEAR_16_KB)}"`, malformed],
      ['padding then a token character', `Bearer ${'='.repeat(NEAR_16_KB)}a`, malformed],
      ['many parts', `Bearer ${'a '.repeat(NEAR_16_KB / 2)}`, malformed],
      ['a long scheme', `${'B'.repeat(NEAR_16_KB)} x`, missingToken()],
      [
        'a long dotted token',
        `Bearer ${'a.'.repeat(NEAR_16_KB / 2)}a`,
        invalidToken(DESCRIPTION.malformed),
      ],
    ])('%s', async (_, authorization, expected) => {
      expect(answerOf(await get(authorization))).toEqual(expected);
    });

    it("beyond Node's header limit, Node itself answers 431", async () => {
      const response = await get(`Bearer ${'a'.repeat(20 * 1024)}`);

      expect(response.status).toBe(431);
    });
  });
});
