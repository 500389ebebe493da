// nest-portcullis/websockets/ws: the adapter for @nestjs/platform-ws.
export * from './index';
export { DEFAULT_WS_MAX_PAYLOAD, PortcullisWsAdapter } from './portcullis-ws.adapter';
export type { PortcullisWsAdapterOptions } from './portcullis-ws.adapter';
export type { WsMessageParser } from './ws-message-parser';
export { AUTHENTICATE_TYPE } from './ws-handshake';
