import { Metadata } from '@grpc/grpc-js';
import { RpcException } from '@nestjs/microservices';
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
import { GrpcStatus, toRpcException } from './rpc-refusal-exception';

describe('toRpcException', () => {
  it.each<[PortcullisException, number, string, number, object]>([
    [
      new InvalidRequestException('x'),
      400,
      'PORTCULLIS_INVALID_REQUEST',
      GrpcStatus.INVALID_ARGUMENT,
      {},
    ],
    [new MissingTokenException(), 401, 'PORTCULLIS_MISSING_TOKEN', GrpcStatus.UNAUTHENTICATED, {}],
    [
      new InvalidTokenException('x'),
      401,
      'PORTCULLIS_INVALID_TOKEN',
      GrpcStatus.UNAUTHENTICATED,
      {},
    ],
    [
      new InsufficientScopeException(['a', 'b']),
      403,
      'PORTCULLIS_INSUFFICIENT_SCOPE',
      GrpcStatus.PERMISSION_DENIED,
      { scope: 'a b' },
    ],
    [new AccessDeniedException(), 403, 'PORTCULLIS_FORBIDDEN', GrpcStatus.PERMISSION_DENIED, {}],
    [new ResourceNotFoundException(), 404, 'PORTCULLIS_NOT_FOUND', GrpcStatus.NOT_FOUND, {}],
    [
      new KeysUnavailableException(5),
      503,
      'PORTCULLIS_KEYS_UNAVAILABLE',
      GrpcStatus.UNAVAILABLE,
      { retryAfter: 5 },
    ],
    [
      new PermissionsUnavailableException(7),
      503,
      'PORTCULLIS_PERMISSIONS_UNAVAILABLE',
      GrpcStatus.UNAVAILABLE,
      { retryAfter: 7 },
    ],
  ])('%s: TCP { status %d, code %s }, gRPC status %d', (error, status, code, grpc, extra) => {
    const tcp = toRpcException(error, { grpcMetadata: undefined });
    expect(tcp).toBeInstanceOf(RpcException);
    expect(tcp.getError()).toEqual({ status, code, message: error.message, ...extra });

    const overGrpc = toRpcException(error, { grpcMetadata: new Metadata() }).getError() as {
      code: number;
      details: string;
      metadata: Metadata;
    };
    expect([overGrpc.code, overGrpc.details]).toEqual([grpc, error.message]);
    expect(overGrpc.metadata).toBeInstanceOf(Metadata);
    expect(overGrpc.metadata.get('portcullis-code')).toEqual([code]);
  });
});
