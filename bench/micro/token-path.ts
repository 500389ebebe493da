import { NestFactory } from '@nestjs/core';
import type { AccessTokenAuthenticator as Authenticator } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { fresh, runMain } from './guard-call';

// `node dist/bench/bench/micro/token-path.js [LIB]`: the token layer's cost per request in
// one process, no HTTP: a cold token (never seen, verified) with the token cache on and off,
// and a warm one (answered by the cache) read from a new string each time, as from a request.
// LIB: another build of the library to measure (its `dist/src/index.js`), for before/after.

const TOKENS = 12_000;
const PASSES = 6;

type Library = typeof import('nest-portcullis');

/** Least CPU microseconds per call over the passes (interference only adds). */
async function leastMicros(
  count: number,
  passes: number,
  pass: () => Promise<void>,
): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < passes; i++) {
    const before = process.cpuUsage();
    await pass();
    const spent = process.cpuUsage(before);
    least = Math.min(least, (spent.user + spent.system) / count);
  }
  return least;
}

async function authenticator(lib: Library, issuer: TestIssuer, cache: boolean) {
  // The module's own authenticator (the public way to get one, in any build): its init
  // fetches the keys.
  const app = await NestFactory.createApplicationContext(
    lib.PortcullisModule.forRoot(issuer.moduleOptions(cache ? {} : { tokenCache: false })),
    { logger: false },
  );
  return app.get<Authenticator>(lib.AccessTokenAuthenticator);
}

async function measure(lib: Library, alg: 'RS256' | 'ES256'): Promise<void> {
  const issuer = await TestIssuer.start({ algorithms: [alg] });
  try {
    // Every authenticator fetches its keys before the loops keep the event loop busy.
    const off = await authenticator(lib, issuer, false);
    const on = await authenticator(lib, issuer, true);
    const warmAuth = await authenticator(lib, issuer, true);
    const mint = () => issuer.mintAccessToken({}, { alg, expiresIn: 3600 });
    const least = { off: Infinity, on: Infinity };
    // Passes alternate between cache off and on; each pass has tokens of its own, so every
    // token is a first sight, read from a new string.
    for (let pass = 0; pass < PASSES; pass++) {
      for (const [name, auth] of [
        ['off', off],
        ['on', on],
      ] as const) {
        const tokens = Array.from({ length: TOKENS }, () => fresh(mint()));
        const micros = await leastMicros(TOKENS, 1, async () => {
          for (const token of tokens) await auth.authenticate(token);
        });
        least[name] = Math.min(least[name], micros);
      }
    }
    console.log(`${alg}  cold, token cache off  ${least.off.toFixed(1)} us`);
    console.log(`${alg}  cold, token cache on   ${least.on.toFixed(1)} us`);
    const token = mint();
    for (let i = 0; i < 3; i++) await warmAuth.authenticate(token);
    let warm = Infinity;
    for (let pass = 0; pass < PASSES; pass++) {
      const copies = Array.from({ length: 50_000 }, () => fresh(token));
      warm = Math.min(
        warm,
        await leastMicros(copies.length, 1, async () => {
          for (const copy of copies) if (warmAuth.cachedPrincipal(copy) === undefined) throw 0;
        }),
      );
    }
    console.log(`${alg}  warm, cachedPrincipal  ${warm.toFixed(2)} us`);
  } finally {
    await issuer.stop();
  }
}

async function main(): Promise<void> {
  const path = process.argv[2];
  const lib = (await import(path ?? 'nest-portcullis')) as Library;
  console.log(`library: ${path ?? 'nest-portcullis (this tree)'}`);
  for (const alg of ['RS256', 'ES256'] as const) await measure(lib, alg);
}

runMain(main);
