import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { PortcullisGuard } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { HealthController } from '../../src/health/health.controller';
import { MeController } from '../../src/me/me.controller';
import { UsersController } from '../../src/users/users.controller';
import { policyModule } from '../app/policy-app';
import { activate, fresh, runMain, type GuardLike } from './guard-call';

// `node dist/bench/bench/micro/policy-path.js`: what the global guard costs on the demo's
// routes of the `policy` workload, in one process with no HTTP: `canActivate` of the demo's
// own app (`AppModule.register(...)` as the bench's `policy` app builds it, Fastify adapter)
// on `GET /health` (`@Public()`), `GET /me` (a valid token, no scope) and `GET /users/alice`
// (`@Scopes('read:users')` + `@Owns('User')`: the scope check, the ability, the loader and
// CASL's check), alice's token reused, as the `policy` workload sends it. Each call gets a
// request shaped as Fastify's and Nest's execution context, made for it and dropped after.

const CALLS = 20_000;
const PASSES = Number(process.env.PASSES ?? 7);

/** A request shaped as Fastify's, made for one call. */
function requestFor(url: string, params: Record<string, string>, authorization: string) {
  return {
    raw: { rawHeaders: ['host', '127.0.0.1', 'authorization', authorization] },
    url,
    method: 'GET',
    query: {},
    params,
  };
}

/** Least CPU microseconds per call over the passes. */
async function leastPerCall(call: () => Promise<void>): Promise<number> {
  let least = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    const before = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) await call();
    const spent = process.cpuUsage(before);
    least = Math.min(least, (spent.user + spent.system) / CALLS);
  }
  return least;
}

async function main(): Promise<void> {
  const issuer = await TestIssuer.start({ algorithms: ['RS256'] });
  const module = policyModule({
    kind: 'policy',
    platform: 'fastify',
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwksUri: issuer.jwksUri,
    tokenCacheEntries: 10_000,
    cooldownSeconds: 30,
  });
  const app = await NestFactory.create(module, new FastifyAdapter(), { logger: false });
  await app.init();
  try {
    const guard = app.get(PortcullisGuard) as GuardLike;
    const token = issuer.mintAccessToken({ sub: 'alice', scope: 'read:users' });
    const callOf =
      (controller: Type, handler: string, url: string, params: Record<string, string>) => () =>
        activate(guard, controller, handler, requestFor(url, params, fresh(`Bearer ${token}`)));
    const routes = [
      ['GET /health (@Public)', callOf(HealthController, 'health', '/health', {})],
      ['GET /me (a token)', callOf(MeController, 'me', '/me', {})],
      [
        'GET /users/alice (policy)',
        callOf(UsersController, 'findOne', '/users/alice', { id: 'alice' }),
      ],
    ] as const;
    for (const [, call] of routes) for (let i = 0; i < 1000; i++) await call();
    for (const [label, call] of routes) {
      console.log(`${label.padEnd(28)} ${(await leastPerCall(call)).toFixed(2)} us`);
    }
  } finally {
    await app.close();
    await issuer.stop();
  }
}

runMain(main);
