import type { INestApplication, LoggerService } from '@nestjs/common';
import { PortcullisModule, type PortcullisOptions } from 'nest-portcullis';
import request from 'supertest';
import { startApp, type Platform, type ScenarioApp } from '../../support/platforms';
import { AuthnController } from './authn.controller';

/** The scenario app (see {@link AuthnController}) with these imports, for `bootError`. */
export function authnScenario(imports: ScenarioApp['imports']): ScenarioApp {
  return { imports, controllers: [AuthnController] };
}

/**
 * Starts the scenario app behind `PortcullisModule.forRoot(options)`; with `logger`, Nest
 * logs there (e.g. a `CollectingLogger`), otherwise nowhere.
 */
export function startAuthnApp(
  platform: Platform,
  options: PortcullisOptions,
  logger?: LoggerService,
): Promise<INestApplication> {
  return startApp(platform, { ...authnScenario([PortcullisModule.forRoot(options)]), logger });
}

/** `GET /me` with `Authorization: Bearer <token>`. */
export function getMe(app: INestApplication, token: string): request.Test {
  return request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${token}`);
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
