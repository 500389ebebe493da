import { Module } from '@nestjs/common';
import { deliverRpcRefusalsWith } from '../context/rpc-refusal';
import { toRpcException } from './rpc-refusal-exception';

// Loading this file (any import from `nest-portcullis/microservices`) makes RPC refusals
// `RpcException`s; the guard itself needs nothing more to recognise RPC handlers.
deliverRpcRefusalsWith(toRpcException);

/**
 * Microservices for Portcullis, next to `PortcullisModule`: refusals of `@MessagePattern`,
 * `@EventPattern` and `@GrpcMethod` handlers become `RpcException`s that say why (TCP:
 * `{ status, code, message }`; gRPC: the matching status). Without it they reach the
 * caller as "Internal server error".
 *
 * @example
 * ```ts
 * imports: [PortcullisModule.forRoot({ ... }), PortcullisMicroservicesModule]
 * ```
 */
@Module({})
export class PortcullisMicroservicesModule {}
