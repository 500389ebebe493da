import type { DynamicModule, INestApplication, LoggerService, Type } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';

/** The HTTP platforms every scenario runs on. */
export const PLATFORMS = ['express', 'fastify'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** What a scenario app is made of. */
export interface ScenarioApp {
  imports: Array<DynamicModule | Type<unknown>>;
  controllers?: Array<Type<unknown>>;
  providers?: Parameters<typeof Test.createTestingModule>[0]['providers'];
  /** Sets up the HTTP server (body parsers, headers) before the app starts, as a `main.ts` would. */
  configure?: (app: INestApplication) => void;
  /** Nest's logger for the app (e.g. a `CollectingLogger`); silent when absent. */
  logger?: LoggerService;
}

/** Compiles the scenario and creates (not yet initialises) its app; `onApp` sees it first. */
async function createApp(
  platform: Platform,
  scenario: ScenarioApp,
  onApp: (app: INestApplication) => void,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: scenario.imports,
    controllers: scenario.controllers ?? [],
    providers: scenario.providers ?? [],
  }).compile();
  moduleRef.useLogger(scenario.logger ?? false);
  const logger = scenario.logger ? { logger: scenario.logger } : {};
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), logger)
      : moduleRef.createNestApplication(logger);
  onApp(app);
  scenario.configure?.(app);
  return app;
}

/**
 * Builds and starts a real Nest app through the testing module, on Express or Fastify.
 * Rejects with the boot error (after closing what was opened) if it does not boot.
 */
export async function startApp(
  platform: Platform,
  scenario: ScenarioApp,
): Promise<INestApplication> {
  const app = await createApp(platform, scenario, () => undefined);
  try {
    await app.init();
    if (platform === 'fastify') await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

/**
 * Builds and initialises an app that is expected not to boot; returns the error it stopped
 * with (from compiling the module or from `init`), after closing what was opened. Throws
 * when the app boots.
 */
export async function bootError(platform: Platform, scenario: ScenarioApp): Promise<Error> {
  let app: INestApplication | undefined;
  try {
    await createApp(platform, scenario, (created) => (app = created));
    await app!.init();
  } catch (error) {
    await app?.close();
    if (error instanceof Error) return error;
    throw error;
  }
  await app!.close();
  throw new Error('the app booted');
}

/** Makes the app listen on 127.0.0.1 and a free port (for raw HTTP requests); returns its origin. */
export async function listenOnLoopback(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}
