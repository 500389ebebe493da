import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Platform, ScenarioApp } from '../../support/platforms';

/** Compiles and initialises an app that must not boot; returns the error it stopped with. */
export async function bootError(platform: Platform, scenario: ScenarioApp): Promise<unknown> {
  let app: INestApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({
      imports: scenario.imports,
      controllers: scenario.controllers ?? [],
      providers: scenario.providers ?? [],
    }).compile();
    moduleRef.useLogger(false);
    app =
      platform === 'fastify'
        ? moduleRef.createNestApplication(new FastifyAdapter())
        : moduleRef.createNestApplication();
    await app.init();
  } catch (error) {
    return error;
  } finally {
    await app?.close();
  }
  throw new Error('the app booted');
}
