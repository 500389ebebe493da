/**
 * `npm run soak`: a real app and a test issuer in this process, on 127.0.0.1 only, under
 * mixed traffic (valid tokens of a known and of the newest key, unknown kids, forged
 * signatures, malformed headers) with a JWKS outage in the middle third of the run.
 * Prints requests, status codes, 5xx, memory at start and end; exits 1 on any answer a
 * request of its kind may not get, any 5xx but the documented 503, or no recovery.
 */
import { TestIssuer, type OutageMode } from 'nest-portcullis/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeRawClient, getWithToken } from '../support/raw-http';
import { kindOf, requestOf, trafficProblem } from '../hardening/support/traffic';
import { startSoakApp } from './soak-app';
import { parseSoakOptions, USAGE, type SoakOptions } from './soak-options';
import { mb, printReport, SoakTally } from './soak-report';

const OUTAGE: readonly OutageMode[] = ['down', 'status500', 'garbage', 'hang', 'refuse'];
const OUTAGE_START = 0.35;
const OUTAGE_END = 0.65;

/** Drives the issuer by the run's progress (0 to 1): healthy, outage (mode after mode), healthy. */
/**
 * Memory after two full collections when the process runs with `--expose-gc` (as `npm run
 * soak` does), so that start and end compare what is kept, not garbage not yet collected.
 */
function memoryAfterGc(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage();
}

async function driveIssuer(
  issuer: TestIssuer,
  progressOf: () => number,
  progressLine: () => string,
): Promise<void> {
  const started = Date.now();
  let current: OutageMode | 'up' = 'up';
  let rotated = false;
  let lastProgress = started;
  for (let progress = progressOf(); progress < 1; progress = progressOf()) {
    if (Date.now() - lastProgress >= 10_000) {
      lastProgress = Date.now();
      console.log(`${((lastProgress - started) / 1000).toFixed(1)} s  ${progressLine()}`);
    }
    let wanted: OutageMode | 'up' = 'up';
    if (progress >= OUTAGE_START && progress < OUTAGE_END) {
      const slice = (progress - OUTAGE_START) / (OUTAGE_END - OUTAGE_START);
      wanted = OUTAGE[Math.min(OUTAGE.length - 1, Math.floor(slice * OUTAGE.length))];
    }
    if (wanted !== current) {
      if (wanted === 'up') await issuer.restore();
      else await issuer.simulateOutage(wanted);
      console.log(`${((Date.now() - started) / 1000).toFixed(1)} s  jwks: ${wanted}`);
      current = wanted;
      // A key published while nobody can fetch it: its tokens get 503 until the outage ends.
      if (!rotated && wanted !== 'up') {
        issuer.rotateKeys();
        rotated = true;
      }
    }
    await sleep(50);
  }
  await issuer.restore();
}

/** Polls until a token of the newest key is accepted; false after 20 s. */
async function recovered(issuer: TestIssuer, origin: string): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await getWithToken(origin, issuer.mintAccessToken())).status === 200) return true;
    await sleep(100);
  }
  return false;
}

async function soak(options: SoakOptions): Promise<boolean> {
  const issuer = await TestIssuer.start({ algorithms: ['ES256'] });
  const { app, origin } = await startSoakApp(options.platform, {
    ...issuer.moduleOptions(),
    keys: { cooldownSeconds: 1, refreshIntervalSeconds: 5, fetchTimeoutMs: 500 },
  });
  const knownKid = issuer.currentKid();
  console.log(`soak: ${options.platform} app on ${origin}, issuer on ${issuer.issuer}`);
  console.log(
    `      ${options.durationSeconds} s or ${options.maxRequests} requests, ${options.concurrency} in flight`,
  );
  const tally = new SoakTally();
  const memoryStart = memoryAfterGc();
  const started = Date.now();
  let next = 0;
  // The run ends at its duration or its request count, whichever comes first; the outage
  // sits in the middle third of that.
  const progressOf = (): number =>
    Math.max((Date.now() - started) / 1000 / options.durationSeconds, next / options.maxRequests);
  const done = (): boolean => progressOf() >= 1;
  const worker = async (): Promise<void> => {
    while (!done()) {
      const kind = kindOf(next++);
      try {
        const answer = await requestOf(kind, issuer, origin, knownKid);
        tally.record(kind, answer.status, trafficProblem(kind, answer));
      } catch (error) {
        tally.record(kind, 0, `${kind}: request failed: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all([
    driveIssuer(issuer, progressOf, () => {
      const { rss, heapUsed } = process.memoryUsage();
      return `${tally.requests} requests, rss ${mb(rss)}, heap ${mb(heapUsed)}`;
    }),
    ...Array.from({ length: options.concurrency }, worker),
  ]);
  const seconds = (Date.now() - started) / 1000;
  const back = await recovered(issuer, origin);
  const memoryEnd = memoryAfterGc();
  const passed = printReport({
    tally,
    seconds,
    rssStart: memoryStart.rss,
    rssEnd: memoryEnd.rss,
    heapStart: memoryStart.heapUsed,
    heapEnd: memoryEnd.heapUsed,
    jwksFetches: issuer.jwksFetches,
    recovered: back,
  });
  closeRawClient();
  await app.close();
  await issuer.stop();
  return passed;
}

async function main(): Promise<void> {
  let options: SoakOptions;
  try {
    options = parseSoakOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  process.exitCode = (await soak(options)) ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error('soak crashed:', error);
  process.exit(1);
});
