import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

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
}

/** Builds and starts a real Nest app through the testing module, on Express or Fastify. */
export async function startApp(
  platform: Platform,
  scenario: ScenarioApp,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: scenario.imports,
    controllers: scenario.controllers ?? [],
    providers: scenario.providers ?? [],
  }).compile();
  moduleRef.useLogger(false);
  if (platform === 'fastify') {
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    scenario.configure?.(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  }
  const app = moduleRef.createNestApplication();
  scenario.configure?.(app);
  await app.init();
  return app;
}
