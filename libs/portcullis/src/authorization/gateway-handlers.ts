import type { MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { OWNS_REQUIREMENT, type OwnsRequirement } from '../decorators/owns.decorator';

// @nestjs/websockets's metadata keys, by name (no import of it: an HTTP-only app lacks it).
const GATEWAY_METADATA = 'websockets:is_gateway';
const MESSAGE_MAPPING_METADATA = 'websockets:message_mapping';
const MESSAGE_METADATA = 'message';
const GATEWAY_OPTIONS = 'websockets:gateway_options';

/** One `@SubscribeMessage` handler of a gateway, as the route audit lists it. */
export interface GatewayHandler {
  /** The message, under its namespace if the gateway has one (`/chat note:get`), `(:id)` for an `@Owns` id. */
  readonly path: string;
  readonly gateway: abstract new (...args: never[]) => unknown;
  readonly handler: object;
  readonly handlerName: string;
}

/** `(:id)`: the payload field an `@Owns` reads the id from (method first, then class). */
function ownsSuffix(handler: object, gateway: object): string {
  const owns = (Reflect.getMetadata(OWNS_REQUIREMENT, handler) ??
    Reflect.getMetadata(OWNS_REQUIREMENT, gateway)) as OwnsRequirement | undefined;
  return owns === undefined ? '' : `(:${owns.param})`;
}

/** `/chat ` for a gateway on a fixed namespace, nothing for the default one. */
function namespacePrefix(gateway: object): string {
  const options = Reflect.getMetadata(GATEWAY_OPTIONS, gateway) as
    { namespace?: unknown } | undefined;
  const namespace = options?.namespace;
  return typeof namespace === 'string' && namespace !== '/' ? `${namespace} ` : '';
}

/** Every `@SubscribeMessage` handler of the app's `@WebSocketGateway` providers. */
export function gatewayHandlers(
  providers: readonly InstanceWrapper[],
  scanner: MetadataScanner,
): GatewayHandler[] {
  const found: GatewayHandler[] = [];
  for (const wrapper of providers) {
    const gateway = wrapper.metatype as GatewayHandler['gateway'] | null | undefined;
    if (typeof gateway !== 'function' || Reflect.getMetadata(GATEWAY_METADATA, gateway) !== true) {
      continue;
    }
    const prototype = gateway.prototype as Record<string, unknown>;
    const prefix = namespacePrefix(gateway);
    for (const handlerName of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[handlerName];
      if (typeof handler !== 'function') continue;
      if (Reflect.getMetadata(MESSAGE_MAPPING_METADATA, handler) !== true) continue;
      const message = String(Reflect.getMetadata(MESSAGE_METADATA, handler) as unknown);
      const path = `${prefix}${message}${ownsSuffix(handler, gateway)}`;
      found.push({ path, gateway, handler, handlerName });
    }
  }
  return found;
}
