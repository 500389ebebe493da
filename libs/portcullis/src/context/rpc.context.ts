import { Logger, type ExecutionContext } from '@nestjs/common';
import { logSafe } from '../common/log-safe';
import { PortcullisException } from '../errors/portcullis.exceptions';
import type { BearerRequestView } from '../token/bearer-extractor';
import type { CallContext, CallContextKind } from './call-context';
import {
  grpcCredentials,
  isGrpcMetadata,
  takeEnvelopeCredentials,
  type RpcCredentials,
} from './rpc-credentials';
import { deliverRpcRefusal, DroppedEventException, type GrpcMetadataView } from './rpc-refusal';

// @nestjs/microservices's metadata keys and its `PatternHandler.EVENT`, by value: this file
// imports no microservices package (the table of contexts is loaded by every app).
const HANDLER_TYPE_METADATA = 'microservices:handler_type';
const PATTERN_METADATA = 'microservices:pattern';
const EVENT_HANDLER = 2;

/**
 * What `fields` checks read when the payload has no object under the named key: not an
 * object, so the check refuses (403) instead of finding no field to refuse.
 */
const NO_INPUT = Symbol('portcullis:no-input');

const logger = new Logger('Portcullis');

/** One pattern as text: `notes.get`, `{"cmd":"get"}`, gRPC's `NotesService.GetNote`. */
export function rpcPatternText(pattern: unknown): string {
  if (typeof pattern === 'string') return pattern;
  const grpc = pattern as { service?: unknown; rpc?: unknown } | null;
  if (typeof grpc?.service === 'string' && typeof grpc.rpc === 'string') {
    return `${grpc.service}.${grpc.rpc}`;
  }
  return JSON.stringify(pattern) ?? String(pattern);
}

/** The patterns a handler is registered for (one handler may have several). */
export function rpcPatternsOf(handler: object): unknown[] {
  const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, handler);
  return Array.isArray(patterns) ? patterns : [];
}

/** Whether the handler is an `@EventPattern` one. */
export function isEventHandler(handler: object): boolean {
  return Reflect.getMetadata(HANDLER_TYPE_METADATA, handler) === EVENT_HANDLER;
}

/**
 * The object a message's state is kept against: the transport's context (`TcpContext`, one
 * per message) or gRPC's metadata (one per call), the same object for the guard and the param
 * decorators (each gets its own copy of the arguments array, not of its elements).
 */
function holderOf(context: ExecutionContext): object {
  const transport = context.getArgByIndex<unknown>(1);
  if (typeof transport === 'object' && transport !== null) return transport;
  const payload = context.getArgByIndex<unknown>(0);
  return typeof payload === 'object' && payload !== null ? payload : {};
}

/**
 * One message to a `@MessagePattern` / `@EventPattern` / `@GrpcMethod` handler, read from
 * Nest's arguments `[payload, context]` (TCP) or `[request, metadata, call]` (gRPC). The token
 * comes from gRPC's `authorization` metadata, else from the payload's `authorization` field;
 * it is read, and the field removed, when the view is opened (once per guarded message).
 */
class RpcCallContext implements CallContext {
  readonly holder: object;
  private readonly payload: unknown;
  private readonly grpcMetadata: GrpcMetadataView | undefined;
  private readonly read: RpcCredentials;

  constructor(private readonly context: ExecutionContext) {
    this.holder = holderOf(context);
    this.payload = context.getArgByIndex<unknown>(0);
    const transport = context.getArgByIndex<unknown>(1);
    this.grpcMetadata = isGrpcMetadata(transport) ? transport : undefined;
    this.read =
      this.grpcMetadata !== undefined
        ? grpcCredentials(this.grpcMetadata)
        : takeEnvelopeCredentials(this.payload);
  }

  /** `EVENT` for an `@EventPattern` handler, `GRPC` for a gRPC method, else `MESSAGE`. */
  get operation(): string {
    if (this.isEvent) return 'EVENT';
    return this.grpcMetadata !== undefined ? 'GRPC' : 'MESSAGE';
  }

  /** None: a message names no verb, so an `@Owns` on an RPC handler names its `action`. */
  get impliedAction(): string | undefined {
    return undefined;
  }

  get target(): string {
    const patterns = rpcPatternsOf(this.context.getHandler()).map(rpcPatternText);
    return `${this.operation} ${patterns.join(', ')}`;
  }

  get credentials(): BearerRequestView {
    if (this.read instanceof PortcullisException) throw this.read;
    return this.read;
  }

  param(name: string): string | undefined {
    const value = this.field(name);
    if (typeof value === 'string') return value;
    return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  }

  /**
   * `fields: 'input'`: the payload's object named `name` (default `input`), so the id beside
   * it is not taken for a field; `fields: 'body'`: the whole payload. A payload without it
   * is refused, not taken as having no field to check.
   */
  input(name: string, mode?: 'body' | 'input'): unknown {
    const payload = this.object();
    if (payload === undefined) return NO_INPUT;
    if (mode === 'body') return payload;
    return Object.hasOwn(payload, name) ? payload[name] : NO_INPUT;
  }

  /**
   * The refusal as an `RpcException` (through `nest-portcullis/microservices`). An event has
   * no one to answer: it is dropped (the handler never runs) and the drop is logged.
   */
  refuse(error: unknown): unknown {
    if (!(error instanceof PortcullisException)) return error;
    if (this.isEvent) {
      logger.warn(`${logSafe(this.target)} dropped: ${error.code} (${error.message})`);
      return new DroppedEventException(error);
    }
    return deliverRpcRefusal(error, { grpcMetadata: this.grpcMetadata });
  }

  private get isEvent(): boolean {
    return isEventHandler(this.context.getHandler());
  }

  private field(name: string): unknown {
    const payload = this.object();
    return payload !== undefined && Object.hasOwn(payload, name) ? payload[name] : undefined;
  }

  /** The payload when it is an object with fields (not an array, not a primitive). */
  private object(): Record<string, unknown> | undefined {
    const payload = this.payload;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    return payload as Record<string, unknown>;
  }
}

/**
 * Microservices (`@nestjs/microservices`): TCP and the transports that carry a JSON payload
 * (the token in the payload's `authorization` field), and gRPC (`authorization` metadata).
 */
export const rpcContext: CallContextKind = {
  open: (context) => new RpcCallContext(context),
  holderOf,
};
