// nest-portcullis/websockets/ws: the adapter for @nestjs/platform-ws.
export * from './index';
export { PortcullisWsAdapter } from './portcullis-ws.adapter';
export type { PortcullisWsAdapterOptions, WsMessageParser } from './portcullis-ws.adapter';
export { AUTHENTICATE_TYPE } from './ws-handshake';
