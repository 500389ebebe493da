import { randomUUID } from 'node:crypto';
import { TestIssuer } from 'nest-portcullis/testing';
import { Metadata } from '@grpc/grpc-js';
import { GrpcStatus, setAccessToken } from 'nest-portcullis/microservices';
import { CollectingLogger } from '../support/collecting-logger';
import { startGrpcService, type GrpcOutcome, type GrpcService } from './support/grpc-service';

const now = () => Math.floor(Date.now() / 1000);

/** A refusal as a grpc-js client sees it: the status, the message, the Portcullis code. */
function refused(code: number, portcullis: string, trailers: object = {}): GrpcOutcome {
  return {
    code,
    details: expect.any(String),
    trailers: expect.objectContaining({ 'portcullis-code': portcullis, ...trailers }),
  };
}

describe('a gRPC microservice behind Portcullis, called by a raw grpc-js client', () => {
  let issuer: TestIssuer;
  let service: GrpcService;
  const logger = new CollectingLogger();
  const ada = (scope = 'read:notes write:notes', claims = {}) =>
    `Bearer ${issuer.mintAccessToken({ sub: 'ada', scope, ...claims })}`;
  const call = (method: string, request: object, ...authorization: string[]) =>
    service.client.call(method, request, ...authorization);

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    service = await startGrpcService(issuer, logger);
  });
  afterAll(async () => {
    await service.close();
    await issuer.stop();
  });
  afterEach(() => {
    // No refusal is an error of the app: nothing logged above debug.
    expect(logger.problems()).toEqual([]);
    logger.clear();
  });

  describe('each refusal has its gRPC status', () => {
    it.each<[string, () => string[], number, string]>([
      ['no metadata', () => [], GrpcStatus.UNAUTHENTICATED, 'PORTCULLIS_MISSING_TOKEN'],
      [
        'another scheme',
        () => ['Basic YTpi'],
        GrpcStatus.UNAUTHENTICATED,
        'PORTCULLIS_MISSING_TOKEN',
      ],
      [
        'a token signed by another key',
        () => [
          `Bearer ${issuer.forge.signWithForeignKey(issuer.accessClaims({ sub: 'ada', scope: 'read:notes' }))}`,
        ],
        GrpcStatus.UNAUTHENTICATED,
        'PORTCULLIS_INVALID_TOKEN',
      ],
      [
        'an expired token',
        () => [ada('read:notes', { iat: now() - 900, exp: now() - 600 })],
        GrpcStatus.UNAUTHENTICATED,
        'PORTCULLIS_TOKEN_EXPIRED',
      ],
      [
        'Bearer and nothing',
        () => ['Bearer'],
        GrpcStatus.INVALID_ARGUMENT,
        'PORTCULLIS_INVALID_REQUEST',
      ],
      [
        'two tokens in one value',
        () => [`${ada()} x`],
        GrpcStatus.INVALID_ARGUMENT,
        'PORTCULLIS_INVALID_REQUEST',
      ],
      ['no such note', () => [ada()], GrpcStatus.NOT_FOUND, 'PORTCULLIS_NOT_FOUND'],
    ])('GetNote with %s', async (name, authorization, status, code) => {
      const id = name === 'no such note' ? 'nope' : 'n1';
      expect(await call('GetNote', { id }, ...authorization())).toEqual(refused(status, code));
    });

    it("another user's note, hidden: NOT_FOUND", async () => {
      expect(await call('GetNote', { id: 'n2' }, ada())).toEqual(
        refused(GrpcStatus.NOT_FOUND, 'PORTCULLIS_NOT_FOUND'),
      );
    });

    it('a scope missing: PERMISSION_DENIED, the scopes needed in portcullis-scope', async () => {
      expect(await call('GetNote', { id: 'n1' }, ada('write:notes'))).toEqual(
        refused(GrpcStatus.PERMISSION_DENIED, 'PORTCULLIS_INSUFFICIENT_SCOPE', {
          'portcullis-scope': 'read:notes',
        }),
      );
    });

    it('an authorization value over 8192 characters: INVALID_ARGUMENT', async () => {
      const answer = await call('GetNote', { id: 'n1' }, `Bearer ${'a'.repeat(8500)}`);
      expect(answer).toEqual(refused(GrpcStatus.INVALID_ARGUMENT, 'PORTCULLIS_INVALID_REQUEST'));
      // The service goes on.
      expect(await call('Health', {})).toEqual({ answer: { status: 'ok' } });
    });
  });

  describe('the decorators on @GrpcMethod handlers', () => {
    it('@Public(): no metadata needed', async () => {
      expect(await call('Health', {})).toEqual({ answer: { status: 'ok' } });
    });

    it('@Authenticated() and @CurrentPrincipal()', async () => {
      expect(await call('WhoAmI', {}, ada(''))).toEqual({ answer: { sub: 'ada', kind: 'user' } });
      expect(await call('WhoAmI', {})).toEqual(
        refused(GrpcStatus.UNAUTHENTICATED, 'PORTCULLIS_MISSING_TOKEN'),
      );
    });

    it('setAccessToken: the calling side sets the metadata', async () => {
      const token = issuer.mintAccessToken({ sub: 'ada' });
      const metadata = setAccessToken(new Metadata(), token);
      expect(metadata.get('authorization')).toEqual([`Bearer ${token}`]);
      expect(await service.client.callWith('WhoAmI', {}, metadata)).toEqual({
        answer: { sub: 'ada', kind: 'user' },
      });
    });

    it('@AnyScopes', async () => {
      const audit = `Bearer ${issuer.mintAccessToken({ scope: 'audit:notes' })}`;
      expect(await call('CountNotes', {}, audit)).toEqual({ answer: { count: 2 } });
      expect(await call('CountNotes', {}, ada('write:notes'))).toEqual(
        refused(GrpcStatus.PERMISSION_DENIED, 'PORTCULLIS_INSUFFICIENT_SCOPE'),
      );
    });

    it('@Can', async () => {
      const admin = issuer.mintAccessToken({ scope: 'read:notes', roles: ['admin'] });
      expect(await call('Stats', {}, `Bearer ${admin}`)).toEqual({ answer: { count: 2 } });
      expect(await call('Stats', {}, ada())).toEqual(
        refused(GrpcStatus.PERMISSION_DENIED, 'PORTCULLIS_FORBIDDEN'),
      );
    });

    it("@Owns with fields: 'input': the id from the request, the fields of its input", async () => {
      const before = service.notes.snapshot();
      expect(await call('UpdateNote', { id: 'n1', input: { ownerId: 'ada' } }, ada())).toEqual(
        refused(GrpcStatus.PERMISSION_DENIED, 'PORTCULLIS_FORBIDDEN'),
      );
      expect(await call('UpdateNote', { id: 'n2', input: { title: 'mine' } }, ada())).toEqual(
        refused(GrpcStatus.PERMISSION_DENIED, 'PORTCULLIS_FORBIDDEN'),
      );
      expect(service.notes.snapshot()).toEqual(before);

      expect(await call('UpdateNote', { id: 'n1', input: { title: 'Engines II' } }, ada())).toEqual(
        {
          answer: { id: 'n1', ownerId: 'ada', title: 'Engines II' },
        },
      );
      service.notes.rows.set('n1', before[0]);
    });
  });

  describe('keys unavailable', () => {
    let outage: GrpcService;
    beforeAll(async () => {
      outage = await startGrpcService(issuer, false, {
        keys: { cooldownSeconds: 0, fetchTimeoutMs: 300 },
      });
    });
    afterAll(() => outage.close());

    it('UNAVAILABLE, with retry-after', async () => {
      await issuer.simulateOutage('refuse', 'jwks');
      try {
        const token = issuer.mintAccessToken(
          { scope: 'read:notes' },
          { header: { kid: randomUUID() } },
        );
        expect(await outage.client.call('CountNotes', {}, `Bearer ${token}`)).toEqual(
          refused(GrpcStatus.UNAVAILABLE, 'PORTCULLIS_KEYS_UNAVAILABLE', { 'retry-after': '1' }),
        );
      } finally {
        await issuer.restore();
      }
    });
  });
});
