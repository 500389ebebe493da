// `nest-portcullis/microservices`: what a microservice (TCP, gRPC) and its callers need. The
// only entry point that imports `@nestjs/microservices`: an HTTP-only app never loads it.
export { PortcullisMicroservicesModule } from './portcullis-microservices.module';
export { GrpcStatus, rpcRefusalBody, toRpcException } from './rpc-refusal-exception';
export type { RpcRefusalBody } from './rpc-refusal-exception';
export { setAccessToken, withAccessToken } from './outgoing-token';
export { forwardRefusals, refusalFromRpc } from './forward-refusals';
export type { OutgoingMetadata, TokenSource } from './outgoing-token';
export { ClientCredentialsError, ClientCredentialsToken } from './client-credentials';
export type { ClientCredentialsOptions } from './client-credentials';
export { accessTokenOf } from '../token/principal-token';
export { MAX_RPC_AUTHORIZATION_LENGTH, RPC_AUTHORIZATION_FIELD } from '../context/rpc-credentials';
