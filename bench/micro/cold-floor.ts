import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import jwt from 'jsonwebtoken';
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { PortcullisOptions } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';

// `node dist/bench/bench/micro/cold-floor.js [LIB] [--only ours|floor]`: a cold RS256 token
// (never seen, cache on) through the guard of a real app, against the floor (the bench's
// `floor` guard: `jsonwebtoken.verify` with a parsed key found by `kid`, nothing else), on the
// same tokens, in one process, passes alternated. Collections count: each pass is long enough
// to run several. LIB: another build of the library, for before/after.

type Library = typeof import('nest-portcullis');

const CALLS = 8_000;
const PASSES = Number(process.env.PASSES ?? 6);

/** A copy of `text` that V8 has never hashed, as a header value read from a socket is. */
const fresh = (text: string): string => Buffer.from(text, 'latin1').toString('latin1');

@Controller()
class ColdController {
  @Get('protected')
  guarded(): string {
    return 'ok';
  }
}

function moduleOf(lib: Library, options: PortcullisOptions): DynamicModule {
  @Module({})
  class ColdModule {}
  return {
    module: ColdModule,
    imports: [lib.PortcullisModule.forRoot(options)],
    controllers: [ColdController],
  };
}

function requestWith(token: string) {
  const rawHeaders = [
    'host',
    '127.0.0.1',
    'user-agent',
    'bench',
    'authorization',
    `Bearer ${fresh(token)}`,
  ];
  return {
    raw: { rawHeaders },
    headers: { authorization: `Bearer ${fresh(token)}` },
    url: '/protected',
    method: 'GET',
    query: {},
    params: {},
  };
}

async function keysOf(jwksUri: string): Promise<Map<string, KeyObject>> {
  const { keys } = (await (await fetch(jwksUri)).json()) as {
    keys: (JsonWebKey & { kid: string })[];
  };
  return new Map(keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const path = args[0]?.startsWith('--') ? undefined : args[0];
  const lib = (await import(path ?? 'nest-portcullis')) as Library;
  const issuer = await TestIssuer.start({ algorithms: ['RS256'] });
  const options = issuer.moduleOptions();
  const app = await NestFactory.create(moduleOf(lib, options), new FastifyAdapter(), {
    logger: false,
    abortOnError: false,
  });
  await app.init();
  const keys = await keysOf(issuer.jwksUri);
  try {
    const guard = app.get(lib.PortcullisGuard) as {
      canActivate(c: ExecutionContextHost): boolean | Promise<boolean>;
    };
    const handler = ColdController.prototype.guarded;
    const ours = async (request: object): Promise<void> => {
      const context = new ExecutionContextHost([request, {}, () => undefined]);
      Object.assign(context, { constructorRef: ColdController, handler });
      const answer = guard.canActivate(context);
      if ((answer instanceof Promise ? await answer : answer) !== true) throw new Error('denied');
    };
    const verifyOptions = {
      algorithms: ['RS256' as const],
      issuer: issuer.issuer,
      audience: options.audience as string,
    };
    const floor = async (request: { headers: { authorization: string } }): Promise<void> => {
      const token = request.headers.authorization.slice(7);
      const kid = (jwt.decode(token, { complete: true })?.header.kid ?? '') as string;
      const key = keys.get(kid);
      if (key === undefined) throw new Error('no key');
      jwt.verify(token, key, verifyOptions);
    };
    const least = { ours: Infinity, floor: Infinity };
    for (let pass = 0; pass < PASSES; pass++) {
      for (const [name, run] of [
        ['ours', ours],
        ['floor', floor],
      ] as const) {
        if (only !== undefined && only !== name) continue;
        const requests = Array.from({ length: CALLS }, () =>
          requestWith(issuer.mintAccessToken({})),
        );
        const before = process.cpuUsage();
        for (const request of requests) await run(request as never);
        const spent = process.cpuUsage(before);
        least[name] = Math.min(least[name], (spent.user + spent.system) / CALLS);
      }
    }
    console.log(`library: ${path ?? 'nest-portcullis (this tree)'}`);
    console.log(`cold RS256, the guard   ${least.ours.toFixed(1)} us`);
    console.log(`cold RS256, the floor   ${least.floor.toFixed(1)} us`);
  } finally {
    await app.close();
    await issuer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
