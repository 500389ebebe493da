import type { INestApplication } from '@nestjs/common';
import { SocketModule } from '@nestjs/websockets/socket-module.js';

/**
 * Nest 12 loads its gateway layer with `import()` at `init`, which Jest (swc with
 * `ignoreDynamic: true`) cannot run: the app would serve no gateway. Hands the app the
 * module as `init` would have loaded it (Node itself needs none of this).
 */
export function withSocketModule(app: INestApplication): void {
  (app as unknown as { socketModule: SocketModule | null }).socketModule ??= new SocketModule();
}
