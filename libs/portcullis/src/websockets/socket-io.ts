// nest-portcullis/websockets/socket.io: the adapter for @nestjs/platform-socket.io.
export * from './index';
export { PortcullisIoAdapter, AUTHENTICATE_EVENT } from './portcullis-io.adapter';
