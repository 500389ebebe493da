import { Metadata } from '@grpc/grpc-js';
import { lastValueFrom, throwError } from 'rxjs';
import {
  AccessDeniedException,
  InsufficientScopeException,
  InvalidRequestException,
  InvalidTokenException,
  KeysUnavailableException,
  MissingTokenException,
  PermissionsUnavailableException,
  ResourceNotFoundException,
  type PortcullisException,
} from '../errors/portcullis.exceptions';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import { forwardRefusals, refusalFromRpc } from './forward-refusals';
import { GrpcStatus, rpcRefusalBody, toRpcException } from './rpc-refusal-exception';

/** What a grpc-js client receives for a refusal: the status, the details, the trailers. */
const asGrpcClientSees = (refusal: PortcullisException) => {
  const sent = toRpcException(refusal, { grpcMetadata: new Metadata() }).getError() as {
    code: number;
    details: string;
    metadata: Metadata;
  };
  return { code: sent.code, details: sent.details, metadata: sent.metadata };
};

/** What a caller receives for a refusal, by transport. */
const RECEIVED: ReadonlyArray<readonly [string, (refusal: PortcullisException) => unknown]> = [
  ['TCP', (refusal) => JSON.parse(JSON.stringify(rpcRefusalBody(refusal))) as unknown],
  ['gRPC', asGrpcClientSees],
];

const REFUSALS: PortcullisException[] = [
  new InvalidRequestException('The Bearer credentials are malformed'),
  new MissingTokenException(),
  new InvalidTokenException('The access token is invalid'),
  new InvalidTokenException('The token has expired', PortcullisErrorCode.TokenExpired),
  new InsufficientScopeException(['read:notes', 'audit:notes']),
  new AccessDeniedException(),
  new ResourceNotFoundException(),
  new KeysUnavailableException(5),
  new PermissionsUnavailableException(9),
];

describe('refusalFromRpc', () => {
  it.each(
    RECEIVED.flatMap(([transport, received]) =>
      REFUSALS.map((r) => [r, transport, received] as const),
    ),
  )('gives back %s as a service answered it over %s', (refusal, _transport, received) => {
    const rebuilt = refusalFromRpc(received(refusal));
    expect(rebuilt).toBeInstanceOf(refusal.constructor);
    expect([rebuilt?.getStatus(), rebuilt?.getResponse()]).toEqual([
      refusal.getStatus(),
      refusal.getResponse(),
    ]);
    expect(rebuilt?.responseHeaders('api')).toEqual(refusal.responseHeaders('api'));
  });

  it.each<[string, () => unknown]>([
    [
      'a gRPC error without the portcullis-code trailer',
      () => ({ code: GrpcStatus.NOT_FOUND, details: 'no such note', metadata: new Metadata() }),
    ],
    [
      'a trailer whose code does not fit the status (NOT_FOUND as UNAVAILABLE)',
      () => ({
        ...asGrpcClientSees(new ResourceNotFoundException()),
        code: GrpcStatus.UNAVAILABLE,
      }),
    ],
    [
      'a trailer with an unknown code',
      () => {
        const metadata = new Metadata();
        metadata.set('portcullis-code', 'NOPE');
        return { code: GrpcStatus.PERMISSION_DENIED, details: 'x', metadata };
      },
    ],
    [
      'details too long',
      () => ({ ...asGrpcClientSees(new AccessDeniedException()), details: 'x'.repeat(201) }),
    ],
  ])('leaves %s alone', (_, errorOf) => {
    expect(refusalFromRpc(errorOf())).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['an Error', new Error('boom')],
    ['a string', 'PORTCULLIS_NOT_FOUND'],
    ['null', null],
    ['an unknown code', { status: 404, code: 'NOPE', message: 'x' }],
    ['a code without a message', { status: 404, code: 'PORTCULLIS_NOT_FOUND' }],
    ['a message too long', { code: 'PORTCULLIS_NOT_FOUND', message: 'x'.repeat(201) }],
    ["Nest's own error answer", { status: 'error', message: 'Internal server error' }],
  ])('leaves %s alone', (_, error) => {
    expect(refusalFromRpc(error)).toBeUndefined();
  });

  it('forwardRefusals rethrows a refusal as its exception, anything else as it is', async () => {
    const body = rpcRefusalBody(new ResourceNotFoundException());
    await expect(lastValueFrom(throwError(() => body).pipe(forwardRefusals()))).rejects.toThrow(
      ResourceNotFoundException,
    );
    const other = new Error('boom');
    await expect(lastValueFrom(throwError(() => other).pipe(forwardRefusals()))).rejects.toBe(
      other,
    );
  });
});
