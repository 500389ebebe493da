import type { INestApplication } from '@nestjs/common';
import { PortcullisModule, type PortcullisOptions } from 'nest-portcullis';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { startApp, type Platform, type ScenarioApp } from '../../support/platforms';
import { AuthnController } from './authn.controller';

/** Starts the scenario app (see {@link AuthnController}) behind `PortcullisModule.forRoot(options)`. */
export function startAuthnApp(
  platform: Platform,
  options: PortcullisOptions,
): Promise<INestApplication> {
  return startApp(platform, {
    imports: [PortcullisModule.forRoot(options)],
    controllers: [AuthnController],
  });
}

/** `GET /me` with `Authorization: Bearer <token>`. */
export function getMe(app: INestApplication, token: string): request.Test {
  return request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${token}`);
}

/** Makes the app listen on 127.0.0.1 and a free port (for raw HTTP requests); returns the port. */
export async function listenOnLoopback(app: INestApplication): Promise<number> {
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as AddressInfo).port;
}

/** Polls `condition` every `intervalMs` until it holds; fails after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Builds and initialises an app that is expected not to boot; returns the error it
 * stopped with (from compiling the module or from `init`), after closing what was opened.
 */
export async function bootError(
  platform: Platform,
  imports: ScenarioApp['imports'],
): Promise<Error> {
  let app: INestApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({
      imports,
      controllers: [AuthnController],
    }).compile();
    moduleRef.useLogger(false);
    app =
      platform === 'fastify'
        ? moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter())
        : moduleRef.createNestApplication();
    await app.init();
  } catch (error) {
    await app?.close();
    if (error instanceof Error) return error;
    throw error;
  }
  await app.close();
  throw new Error('the app booted');
}
