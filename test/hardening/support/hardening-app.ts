import { Controller, Get, type INestApplication } from '@nestjs/common';
import { CurrentPrincipal, Public, type PortcullisOptions, type Principal } from 'nest-portcullis';
import type { TestIssuer } from 'nest-portcullis/testing';
import { listenOnLoopback, startApp, type Platform } from '../../support/platforms';

/** What the protected route answers: enough to tell whose token was accepted. */
export interface WhoAmI {
  sub: string;
  kind: string;
}

/** The routes every hardening app serves. */
@Controller()
export class HardeningController {
  @Public()
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('whoami')
  whoami(@CurrentPrincipal() principal: Principal): WhoAmI {
    return { sub: principal.sub, kind: principal.kind };
  }
}

/** A running hardening app: the Nest app and the loopback origin it listens on. */
export interface ListeningApp {
  readonly platform: Platform;
  readonly app: INestApplication;
  readonly origin: string;
}

/**
 * Starts a real app (Express or Fastify) protected by Portcullis and pointed at `issuer`,
 * listening on 127.0.0.1 and a free port.
 */
export async function startHardeningApp(
  platform: Platform,
  issuer: TestIssuer,
  overrides: Partial<PortcullisOptions> = {},
): Promise<ListeningApp> {
  const app = await startApp(platform, {
    imports: [issuer.module(overrides)],
    controllers: [HardeningController],
  });
  return { platform, app, origin: await listenOnLoopback(app) };
}
