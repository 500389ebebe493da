import type { MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { isEventHandler, rpcPatternsOf, rpcPatternText } from '../context/rpc.context';
import { OWNS_REQUIREMENT, type OwnsRequirement } from '../decorators/owns.decorator';

/** What a microservice handler serves: a message (TCP...), an event, or a gRPC method. */
export type RpcHandlerKind = 'MESSAGE' | 'EVENT' | 'GRPC';

/** One microservice handler and one of its patterns, as the route audit lists it. */
export interface RpcHandler {
  readonly kind: RpcHandlerKind;
  /** The pattern (`notes.get`, `NotesService.GetNote`), with `(:id)` for an `@Owns` id. */
  readonly path: string;
  readonly controller: abstract new (...args: never[]) => unknown;
  readonly handler: object;
  readonly handlerName: string;
}

/** `(:id)`: the payload field an `@Owns` reads the id from (method first, then class). */
function ownsSuffix(handler: object, controller: object): string {
  const owns = (Reflect.getMetadata(OWNS_REQUIREMENT, handler) ??
    Reflect.getMetadata(OWNS_REQUIREMENT, controller)) as OwnsRequirement | undefined;
  return owns === undefined ? '' : `(:${owns.param})`;
}

/**
 * Every `@MessagePattern`, `@EventPattern` and `@GrpcMethod` handler of the app's
 * controllers, from @nestjs/microservices's metadata (read by name: no import of it).
 */
export function rpcHandlers(
  controllers: readonly InstanceWrapper[],
  scanner: MetadataScanner,
): RpcHandler[] {
  const found: RpcHandler[] = [];
  for (const wrapper of controllers) {
    const controller = wrapper.metatype as RpcHandler['controller'] | null | undefined;
    if (typeof controller !== 'function') continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const handlerName of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[handlerName];
      if (typeof handler !== 'function') continue;
      const suffix = ownsSuffix(handler, controller);
      for (const pattern of rpcPatternsOf(handler)) {
        const grpc = typeof pattern === 'object' && pattern !== null && 'rpc' in pattern;
        const kind = isEventHandler(handler) ? 'EVENT' : grpc ? 'GRPC' : 'MESSAGE';
        const path = `${rpcPatternText(pattern)}${suffix}`;
        found.push({ kind, path, controller, handler, handlerName });
      }
    }
  }
  return found;
}
