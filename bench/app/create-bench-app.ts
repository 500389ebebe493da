import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { BenchAppConfig } from './app-config';
import { FloorModule } from './floor/floor.module';
import { policyModule } from './policy-app';
import { PortcullisBenchModule } from './portcullis-bench.module';
import { TextbookModule } from './textbook/textbook.module';

async function rootModule(config: BenchAppConfig): Promise<DynamicModule> {
  if (config.kind === 'textbook') return TextbookModule.forConfig(config);
  if (config.kind === 'policy') return policyModule(config);
  if (config.kind === 'floor') return FloorModule.forConfig(config);
  return PortcullisBenchModule.forConfig(config);
}

/** Creates the app a child process serves, on Express or Fastify, without logs. */
export async function createBenchApp(config: BenchAppConfig): Promise<INestApplication> {
  const module = await rootModule(config);
  const app =
    config.platform === 'fastify'
      ? await NestFactory.create(module, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(module, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}
