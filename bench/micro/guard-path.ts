import { Controller, Get, Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import jwt from 'jsonwebtoken';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import type { PortcullisOptions } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { activate, fresh, runMain, type GuardLike } from './guard-call';

// `node dist/bench/bench/micro/guard-path.js [LIB] [--warm-only]`: the guard's own cost per request, in one
// process with no HTTP: `canActivate` of a real app's PortcullisGuard (Fastify adapter, the
// bench's issuer) on a public route, a route needing a token (warm: one token; cold: a new
// token each call, cache on) and a `@Scopes` route; then the floor on the cold tokens. Each call gets a request object of its
// own, shaped as Fastify's (`raw.rawHeaders`, `url`, parsed `query`), and Nest's own
// execution context, both made in the call and dropped after it, as an HTTP request is (what
// the guard keeps for a request dies with it, or is promoted if something holds it longer).
// LIB: another build of the library, for before/after. `--promoted` (run with
// `node --expose-gc`): instead of CPU, the old generation's growth per call in bytes, what a
// call leaves for the young-generation collector to promote. `--allocated` (run with
// `node --expose-gc --min-semi-space-size=256 --max-semi-space-size=256`, so that no
// collection runs within a pass): the heap's growth per call in bytes, everything a call
// allocates, the harness's request and context included (the public route's figure).

type Library = typeof import('nest-portcullis');

const CALLS = 20_000;
const COLD_CALLS = 8_000;
const PASSES = Number(process.env.PASSES ?? 7);

function controllerOf(lib: Library): Type {
  @Controller()
  class GuardBenchController {
    @lib.Public()
    @Get('public')
    open(): string {
      return 'ok';
    }

    @Get('protected')
    guarded(): string {
      return 'ok';
    }

    @lib.Scopes('read:greeting')
    @Get('scoped')
    scoped(): string {
      return 'ok';
    }
  }
  return GuardBenchController;
}

function moduleOf(lib: Library, options: PortcullisOptions, controller: Type): DynamicModule {
  @Module({})
  class GuardBenchModule {}
  return {
    module: GuardBenchModule,
    imports: [lib.PortcullisModule.forRoot(options)],
    controllers: [controller],
  };
}

/** The `Authorization` value of a request, as a string V8 has not hashed yet. */
const headerOf = (token: string | undefined): string | undefined =>
  token === undefined ? undefined : fresh(`Bearer ${token}`);

/** A request shaped as Fastify's, made for one call. */
function requestWith(authorization: string | undefined) {
  const rawHeaders = ['host', '127.0.0.1', 'user-agent', 'bench'];
  if (authorization !== undefined) rawHeaders.push('authorization', authorization);
  return { raw: { rawHeaders }, url: '/protected', method: 'GET', query: {}, params: {} };
}

/** The issuer's keys by `kid`, parsed once (the floor's keys). */
async function keysOf(jwksUri: string): Promise<Map<string, KeyObject>> {
  const response = await fetch(jwksUri);
  const { keys } = (await response.json()) as { keys: (JsonWebKey & { kid: string })[] };
  return new Map(keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));
}

const PROMOTED = process.argv.includes('--promoted');
const ALLOCATED = process.argv.includes('--allocated');
const unit = PROMOTED || ALLOCATED ? 'bytes' : 'us';

/** Bytes in use in the old generation. */
const oldSpaceUsed = (): number =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;

/** What a pass measures in the heap: the old generation, or with `--allocated` all of it. */
const heapUsed = (): number => (ALLOCATED ? getHeapStatistics().used_heap_size : oldSpaceUsed());

/**
 * Least CPU microseconds per call over the passes (each pass's steps made beforehand), or
 * with `--promoted` (`--allocated`) the least growth of the old generation (the whole heap)
 * per call, in bytes, after a full collection before the pass.
 */
async function leastPerCall(
  calls: number,
  prepare: (pass: number) => Array<() => Promise<void>>,
): Promise<number> {
  let least = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    const steps = prepare(pass);
    if (PROMOTED || ALLOCATED) (globalThis as { gc?: () => void }).gc?.();
    const used = heapUsed();
    const before = process.cpuUsage();
    for (const step of steps) await step();
    const spent = process.cpuUsage(before);
    const measured = PROMOTED || ALLOCATED ? heapUsed() - used : spent.user + spent.system;
    least = Math.min(least, measured / calls);
  }
  return least;
}

async function main(): Promise<void> {
  const path = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
  const lib = (await import(path ?? 'nest-portcullis')) as Library;
  const issuer = await TestIssuer.start({ algorithms: ['RS256'] });
  const controller = controllerOf(lib);
  const app = await NestFactory.create(
    moduleOf(lib, issuer.moduleOptions(), controller),
    new FastifyAdapter(),
    { logger: false, abortOnError: false },
  );
  await app.init();
  try {
    const guard = app.get(lib.PortcullisGuard) as GuardLike;
    const token = issuer.mintAccessToken({ scope: 'read:greeting' });
    const callOn = (handler: string, bearer: string | undefined) => {
      const authorization = headerOf(bearer);
      return () => activate(guard, controller, handler, requestWith(authorization));
    };
    for (let i = 0; i < 3; i++) await callOn('guarded', token)();
    console.log(`library: ${path ?? 'nest-portcullis (this tree)'}`);
    for (const [label, handler, bearer] of [
      ['public route', 'open', undefined],
      ['token route, warm', 'guarded', token],
      ['@Scopes route, warm', 'scoped', token],
    ] as const) {
      const perCall = await leastPerCall(CALLS, () =>
        Array.from({ length: CALLS }, () => callOn(handler, bearer)),
      );
      console.log(`${label.padEnd(24)} ${perCall.toFixed(2)} ${unit}`);
    }
    if (process.argv.includes('--warm-only')) return;
    const pools = Array.from({ length: PASSES }, () =>
      Array.from({ length: COLD_CALLS }, () => issuer.mintAccessToken({})),
    );
    const cold = await leastPerCall(COLD_CALLS, (pass) =>
      pools[pass].map((coldToken) => callOn('guarded', coldToken)),
    );
    console.log(`${'token route, cold'.padEnd(24)} ${cold.toFixed(2)} ${unit}`);
    // The floor on the same tokens: the bench's `floor` guard (`jsonwebtoken.verify` with a
    // key parsed once, found by `kid`; no RFC 6750 checks, claim rules, principal or cache).
    const keys = await keysOf(issuer.jwksUri);
    const verifyOptions = {
      algorithms: ['RS256' as const],
      issuer: issuer.issuer,
      audience: issuer.audience,
    };
    const floorOf = (authorization: string | undefined) => async (): Promise<void> => {
      // The floor's guard reads the header's value past `Bearer `, nothing more.
      const token = requestWith(authorization).raw.rawHeaders[5].slice(7);
      const kid = (jwt.decode(token, { complete: true })?.header.kid ?? '') as string;
      const key = keys.get(kid);
      if (key === undefined) throw new Error('no key');
      jwt.verify(token, key, verifyOptions);
    };
    const floor = await leastPerCall(COLD_CALLS, (pass) =>
      pools[pass].map((coldToken) => floorOf(headerOf(coldToken))),
    );
    console.log(`${'the floor, cold'.padEnd(24)} ${floor.toFixed(2)} ${unit}`);
  } finally {
    await app.close();
    await issuer.stop();
  }
}

runMain(main);
