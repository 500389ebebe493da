// nest-portcullis/websockets: what every gateway app uses, whichever its platform. It loads
// @nestjs/websockets (an HTTP-only app lacks it); each adapter has its own subpath, so an app
// loads only its platform's package: nest-portcullis/websockets/socket.io or .../ws.
import './ws-refusal';

export { emitToReaders } from './emit-to-readers';
export type { BroadcastTarget, EmitToReadersOptions } from './emit-to-readers';
export { MAX_TOKEN_LENGTH } from './handshake-verifier';
export type { WsRefusalBody } from '../context/ws-connection';
