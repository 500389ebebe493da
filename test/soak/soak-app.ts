import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  CurrentPrincipal,
  PortcullisModule,
  Public,
  type PortcullisOptions,
  type Principal,
} from 'nest-portcullis';

@Controller()
class SoakController {
  @Public()
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal): { sub: string; kind: string } {
    return { sub: principal.sub, kind: principal.kind };
  }
}

/** The soaked app on 127.0.0.1 and a free port, built as a user's app is: NestFactory. */
export async function startSoakApp(
  platform: 'express' | 'fastify',
  options: PortcullisOptions,
): Promise<{ app: INestApplication; origin: string }> {
  @Module({ imports: [PortcullisModule.forRoot(options)], controllers: [SoakController] })
  class SoakModule {}
  const logger = ['error', 'fatal'] as const;
  const app =
    platform === 'fastify'
      ? await NestFactory.create(SoakModule, new FastifyAdapter(), { logger: [...logger] })
      : await NestFactory.create(SoakModule, { logger: [...logger] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, origin: `http://127.0.0.1:${port}` };
}
