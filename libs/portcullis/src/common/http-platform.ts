/**
 * The HTTP platform an adapter serves with (`'express'`, `'fastify'`, ...), read from Nest's
 * `HttpServer.getType()`; `undefined` for no adapter, or one without `getType`.
 */
export function httpPlatformOf(adapter: { getType?(): string } | undefined): string | undefined {
  return typeof adapter?.getType === 'function' ? adapter.getType() : undefined;
}
