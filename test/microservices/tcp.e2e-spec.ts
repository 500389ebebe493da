import { randomUUID } from 'node:crypto';
import { TestIssuer } from 'nest-portcullis/testing';
import { withAccessToken } from 'nest-portcullis/microservices';
import { CollectingLogger } from '../support/collecting-logger';
import { callTcp, rawTcpCall, refusal, waitFor } from './support/rpc-answers';
import { startTcpService, type TcpService } from './support/tcp-service';

const now = () => Math.floor(Date.now() / 1000);

describe('a TCP microservice behind Portcullis', () => {
  let issuer: TestIssuer;
  let service: TcpService;
  const logger = new CollectingLogger();
  const ada = (scope = 'read:notes write:notes', claims = {}) =>
    issuer.mintAccessToken({ sub: 'ada', scope, ...claims });
  const bearer = (token: string) => `Bearer ${token}`;
  const send = (pattern: string, data: unknown) => callTcp(service.client, pattern, data);

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    service = await startTcpService(issuer, logger);
  });
  afterAll(async () => {
    await service.close();
    await issuer.stop();
  });
  afterEach(() => logger.clear());

  describe('refusals: an RpcException { status, code, message }', () => {
    it.each<[string, () => unknown, number, string]>([
      ['no token', () => ({ id: 'n1' }), 401, 'PORTCULLIS_MISSING_TOKEN'],
      [
        'another scheme',
        () => ({ id: 'n1', authorization: 'Basic YTpi' }),
        401,
        'PORTCULLIS_MISSING_TOKEN',
      ],
      [
        'a token signed by another key',
        () => ({
          id: 'n1',
          authorization: bearer(
            issuer.forge.signWithForeignKey(
              issuer.accessClaims({ sub: 'ada', scope: 'read:notes' }),
            ),
          ),
        }),
        401,
        'PORTCULLIS_INVALID_TOKEN',
      ],
      [
        'an expired token',
        () => ({
          id: 'n1',
          authorization: bearer(ada('read:notes', { iat: now() - 900, exp: now() - 600 })),
        }),
        401,
        'PORTCULLIS_TOKEN_EXPIRED',
      ],
      [
        'Bearer and nothing',
        () => ({ id: 'n1', authorization: 'Bearer ' }),
        400,
        'PORTCULLIS_INVALID_REQUEST',
      ],
      [
        'two tokens',
        () => ({ id: 'n1', authorization: `Bearer ${ada()} ${ada()}` }),
        400,
        'PORTCULLIS_INVALID_REQUEST',
      ],
      ['a number', () => ({ id: 'n1', authorization: 42 }), 400, 'PORTCULLIS_INVALID_REQUEST'],
      [
        'an array',
        () => ({ id: 'n1', authorization: [bearer(ada())] }),
        400,
        'PORTCULLIS_INVALID_REQUEST',
      ],
      [
        'an object',
        () => ({ id: 'n1', authorization: { token: ada() } }),
        400,
        'PORTCULLIS_INVALID_REQUEST',
      ],
      [
        '9000 characters',
        () => ({ id: 'n1', authorization: `Bearer ${'a'.repeat(9000)}` }),
        400,
        'PORTCULLIS_INVALID_REQUEST',
      ],
      ['no such note', () => withAccessToken({ id: 'nope' }, ada()), 404, 'PORTCULLIS_NOT_FOUND'],
      [
        "another user's note (hide)",
        () => withAccessToken({ id: 'n2' }, ada()),
        404,
        'PORTCULLIS_NOT_FOUND',
      ],
      [
        'an id that is an object',
        () => withAccessToken({ id: { $ne: 1 } }, ada()),
        404,
        'PORTCULLIS_NOT_FOUND',
      ],
      [
        'an id of __proto__',
        () => withAccessToken({ id: '__proto__' }, ada()),
        404,
        'PORTCULLIS_NOT_FOUND',
      ],
    ])('notes.get with %s: %s %s', async (_, data, status, code) => {
      const answer = await send('notes.get', data());
      expect(answer).toEqual(refusal(status, code));
    });

    it.each<[string, object]>([
      ['no payload', { pattern: 'notes.get', id: 'a' }],
      ['a null payload', { pattern: 'notes.get', id: 'b', data: null }],
      ['a number', { pattern: 'notes.get', id: 'c', data: 7 }],
    ])('a raw packet with %s: 401, no crash', async (_, packet) => {
      expect(await rawTcpCall(service.port, packet)).toEqual({
        id: (packet as { id: string }).id,
        err: {
          status: 401,
          code: 'PORTCULLIS_MISSING_TOKEN',
          message: 'An access token is required.',
        },
        isDisposed: true,
      });
      expect(logger.problems()).toEqual([]);
    });

    it('says which scopes are missing, as the REST challenge does', async () => {
      expect(await send('notes.get', withAccessToken({ id: 'n1' }, ada('write:notes')))).toEqual(
        refusal(403, 'PORTCULLIS_INSUFFICIENT_SCOPE', { scope: 'read:notes' }),
      );
    });

    it.each<[string, unknown]>([
      ['an array', [{ authorization: 'Bearer x' }]],
      ['a string', 'Bearer x'],
      [
        'a token under __proto__',
        JSON.parse('{"__proto__":{"authorization":"Bearer x"},"id":"n1"}'),
      ],
    ])('a payload that is %s carries no token (401), and the service goes on', async (_, data) => {
      expect(await send('notes.get', data)).toEqual(refusal(401, 'PORTCULLIS_MISSING_TOKEN'));
      expect(await send('notes.get', withAccessToken({ id: 'n1' }, ada()))).toEqual({
        answer: { id: 'n1', ownerId: 'ada', title: 'Engines' },
      });
      expect(logger.problems()).toEqual([]);
    });
  });

  describe('the decorators on @MessagePattern handlers', () => {
    it('@Public(): no token needed, and the payload is handed over untouched', async () => {
      expect(await send('health', { a: 1 })).toEqual({ answer: { ok: true, data: { a: 1 } } });
      // Nothing reads the token of a public handler: nothing removes it either.
      expect(await send('health', { authorization: 'garbage' })).toEqual({
        answer: { ok: true, data: { authorization: 'garbage' } },
      });
    });

    it('a handler declaring nothing takes any valid token, and never sees it in its data', async () => {
      expect(await send('echo', withAccessToken({ a: 1 }, ada('')))).toEqual({ answer: { a: 1 } });
      expect(await send('echo', { a: 1 })).toEqual(refusal(401, 'PORTCULLIS_MISSING_TOKEN'));
    });

    it('@Authenticated() and @CurrentPrincipal(): the caller, verified per message', async () => {
      const token = ada('');
      for (let i = 0; i < 3; i++) {
        expect(await send('whoami', withAccessToken({ id: 'x' }, token))).toEqual({
          answer: { sub: 'ada', kind: 'user', fields: ['id'] },
        });
      }
      const client = issuer.mintClientToken();
      expect(await send('whoami', withAccessToken({}, client))).toEqual({
        answer: { sub: 'test-client', kind: 'client', fields: [] },
      });
    });

    it('@AnyScopes: one of them is enough', async () => {
      const audit = issuer.mintAccessToken({ scope: 'audit:notes' });
      expect(await send('notes.count', withAccessToken({}, audit))).toEqual({ answer: 2 });
      expect(await send('notes.count', withAccessToken({}, ada('write:notes')))).toEqual(
        refusal(403, 'PORTCULLIS_INSUFFICIENT_SCOPE', { scope: 'read:notes audit:notes' }),
      );
    });

    it('@Can: the policy decides (admins read the stats)', async () => {
      const admin = issuer.mintAccessToken({ sub: 'root', scope: 'read:notes', roles: ['admin'] });
      expect(await send('stats', withAccessToken({}, admin))).toEqual({ answer: { notes: 2 } });
      expect(await send('stats', withAccessToken({}, ada()))).toEqual(
        refusal(403, 'PORTCULLIS_FORBIDDEN'),
      );
    });

    it('@Owns reads the id from the payload and hands the loaded note to @Resource()', async () => {
      expect(await send('notes.get', withAccessToken({ id: 'n1' }, ada()))).toEqual({
        answer: { id: 'n1', ownerId: 'ada', title: 'Engines' },
      });
    });

    it("@Owns with fields: 'input': a permitted field is written, another refused and nothing changes", async () => {
      const before = service.notes.snapshot();
      const steal = withAccessToken({ id: 'n1', input: { ownerId: 'ada', title: 'x' } }, ada());
      expect(await send('notes.update', steal)).toEqual(refusal(403, 'PORTCULLIS_FORBIDDEN'));
      const other = withAccessToken({ id: 'n2', input: { title: 'mine' } }, ada());
      expect(await send('notes.update', other)).toEqual(refusal(403, 'PORTCULLIS_FORBIDDEN'));
      // No input object at all: refused, not "no field to check".
      const flat = withAccessToken({ id: 'n1', title: 'flat' }, ada());
      expect(await send('notes.update', flat)).toEqual(refusal(403, 'PORTCULLIS_FORBIDDEN'));
      expect(service.notes.snapshot()).toEqual(before);

      const retitle = withAccessToken({ id: 'n1', input: { title: 'Analytical engines' } }, ada());
      expect(await send('notes.update', retitle)).toEqual({
        answer: { id: 'n1', ownerId: 'ada', title: 'Analytical engines' },
      });
      service.notes.rows.set('n1', before[0]);
    });

    it("@Owns with fields: 'body' checks every key of the payload, the id field included", async () => {
      const before = service.notes.snapshot();
      const retitle = withAccessToken({ id: 'n1', title: 'x' }, ada());
      expect(await send('notes.retitle', retitle)).toEqual(refusal(403, 'PORTCULLIS_FORBIDDEN'));
      expect(service.notes.snapshot()).toEqual(before);
    });
  });

  describe('@EventPattern handlers', () => {
    it('an event with a missing, invalid or insufficient token is dropped and logged, never run', async () => {
      const bad = [
        { id: 'e1' },
        { id: 'e2', authorization: 'Bearer not.a.jwt' },
        withAccessToken({ id: 'e3' }, ada('read:notes')),
        { id: 'e4', authorization: 17 },
      ];
      for (const data of bad) service.client.emit('notes.archive', data);
      service.client.emit('notes.archive', withAccessToken({ id: 'good' }, ada()));

      await waitFor(
        () => logger.about('dropped').length === 4 && service.notes.archived.length > 0,
      );
      expect(service.notes.archived).toEqual(['good']);
      expect(logger.about('dropped').sort()).toEqual([
        'warn EVENT notes.archive dropped: PORTCULLIS_INSUFFICIENT_SCOPE (The access token does not carry the scopes this operation needs.)',
        'warn EVENT notes.archive dropped: PORTCULLIS_INVALID_REQUEST (The authorization field must be text)',
        'warn EVENT notes.archive dropped: PORTCULLIS_INVALID_TOKEN (The access token is malformed)',
        'warn EVENT notes.archive dropped: PORTCULLIS_MISSING_TOKEN (An access token is required.)',
      ]);
      // Nothing else: no error logged, and the service still answers.
      expect(logger.problems().filter((line) => !line.includes('dropped'))).toEqual([]);
      expect(await send('health', {})).toEqual({ answer: { ok: true, data: {} } });
    });
  });

  describe('keys unavailable', () => {
    let outage: TcpService;
    beforeAll(async () => {
      outage = await startTcpService(issuer, false, {
        keys: { cooldownSeconds: 0, fetchTimeoutMs: 300 },
      });
    });
    afterAll(() => outage.close());

    it('a token whose key cannot be fetched: 503 with retryAfter', async () => {
      await issuer.simulateOutage('refuse', 'jwks');
      try {
        const token = issuer.mintAccessToken(
          { scope: 'read:notes' },
          { header: { kid: randomUUID() } },
        );
        expect(await callTcp(outage.client, 'notes.count', withAccessToken({}, token))).toEqual(
          refusal(503, 'PORTCULLIS_KEYS_UNAVAILABLE', { retryAfter: 1 }),
        );
      } finally {
        await issuer.restore();
      }
    });
  });
});
