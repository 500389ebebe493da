import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { PortcullisIoAdapter } from 'nest-portcullis/websockets/socket.io';
import { AppModule } from '../../app.module';
import { authOptionsFor } from '../config/auth-options';
import { DemoConfigError, type DemoConfig } from '../config/demo-config';
import type { DevIssuer } from '../dev-issuer/dev-issuer';
import { configureDemoHttp } from './configure-http';
import { serveDemoDocs } from './openapi-docs';
import { startDevIssuer } from './start-dev-issuer';

/** The running demo: the app, and the development issuer when no real one is configured. */
export interface RunningDemo {
  readonly app: INestApplication;
  readonly devIssuer: DevIssuer | undefined;
}

/** How {@link startDemo} runs (tests only; `main.ts` takes the defaults). */
export interface StartDemoOptions {
  /** Where the development issuer keeps its keys. Default `.dev-issuer` in the cwd. */
  readonly devIssuerDir?: string;
  /** No Nest log lines. */
  readonly quiet?: boolean;
}

/**
 * Starts the demo: the development issuer if needed, then the app listening on `PORT`. Only
 * once the API listens does the issuer publish `issuer.json` for the token CLI, so a start
 * that fails (the port is taken) leaves no trace pointing at an issuer that is gone.
 */
export async function startDemo(
  config: DemoConfig,
  options: StartDemoOptions = {},
): Promise<RunningDemo> {
  const devIssuer =
    config.auth.mode === 'development'
      ? await startDevIssuer(config, options.devIssuerDir)
      : undefined;
  let app: INestApplication | undefined;
  try {
    // The adapter is given, not looked up by name: Nest's lookup `require`s it at run time.
    app = await NestFactory.create(
      AppModule.register(authOptionsFor(config, devIssuer)),
      new ExpressAdapter(),
      options.quiet === true ? { logger: false } : {},
    );
    configureDemoHttp(app);
    // socket.io on the API's port, each connection verified at its handshake.
    app.useWebSocketAdapter(new PortcullisIoAdapter(app));
    await serveDemoDocs(app);
    app.enableShutdownHooks();
    await app.listen(config.port);
  } catch (error) {
    await app?.close();
    await devIssuer?.stop();
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new DemoConfigError('PORT', `is ${config.port}, which is taken; choose another PORT`);
  }
  devIssuer?.publish();
  return { app, devIssuer };
}
