import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestIssuer } from 'nest-portcullis/testing';
import { expectStatuses, runMeasuredLoad } from '../harness/load';
import { BENCH_CLAIMS, cycle, TOKEN_LIFETIME_SECONDS } from '../harness/token-pools';
import { progress, startApp, withApp, type BenchContext } from './context';

/** What the kid flood showed. */
export interface KidFloodResult {
  cooldownSeconds: number;
  floodSeconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The app's CPU time per flood request, microseconds. */
  appCpuMicrosPerRequest: number;
  /** JWKS fetches the issuer saw while counting. */
  jwksFetches: number;
  /** Most fetches one per cooldown window allows in the time counted. */
  allowedFetches: number;
  /** Whether a token of the key published during the flood got a 200. */
  newKeyAccepted: boolean;
  /** From publishing the new key to its token's first 200. */
  newKeyAcceptedAfterMs: number | null;
  /** Whether both checks passed. */
  ok: boolean;
}

const FLOOD_POOL = 2_000;
const POLL_INTERVAL_MS = 50;

/** Validly signed tokens whose `kid`s the issuer never published. */
function unknownKidTokens(issuer: TestIssuer): string[] {
  return Array.from({ length: FLOOD_POOL }, () =>
    issuer.mintAccessToken(BENCH_CLAIMS, {
      alg: 'ES256',
      header: { kid: `unknown-${randomBytes(8).toString('hex')}` },
      expiresIn: TOKEN_LIFETIME_SECONDS,
    }),
  );
}

async function statusOf(origin: string, token: string): Promise<number> {
  const response = await fetch(`${origin}/protected`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Polls with `token` until a 200 or the deadline; the time to the first 200, or null. */
async function timeToAccept(
  origin: string,
  token: string,
  deadlineMs: number,
): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if ((await statusOf(origin, token)) === 200) return Date.now() - started;
    await sleep(POLL_INTERVAL_MS);
  }
  return null;
}

/**
 * Workload 6: 50 connections send tokens whose `kid` the issuer never published, for
 * `floodSeconds`, against an app whose `keys.cooldownSeconds` is short. The issuer
 * counts the JWKS fetches. A third of the way in, a new key is published, and a token
 * it signed is sent every 50 ms until it is accepted: the flood must not keep it out
 * much longer than one cooldown.
 */
export async function runKidFlood(context: BenchContext): Promise<KidFloodResult> {
  const { issuer, settings } = context;
  const { floodCooldownSeconds: cooldownSeconds, floodSeconds } = settings;
  const flooding = unknownKidTokens(issuer);
  // Made now, published during the flood: an RSA key pair takes a while to generate.
  const newKid = issuer.createKey('RS256', { publish: false });
  const newToken = issuer.mintAccessToken(BENCH_CLAIMS, { kid: newKid });
  // One cooldown, plus room for a request to get through the flood on a slow machine.
  const acceptDeadlineMs = cooldownSeconds * 1000 + Math.max(2000, cooldownSeconds * 1000);
  return withApp(startApp(context, 'portcullis', { cooldownSeconds }), async (app) => {
    issuer.resetCounters();
    const countingSince = Date.now();
    const plan = { origin: app.origin, path: '/protected', nextToken: cycle(flooding) };
    const flood = runMeasuredLoad(app, { ...plan, durationSeconds: floodSeconds });
    await sleep((floodSeconds * 1000) / 3);
    issuer.publishKey(newKid);
    const acceptedAfter = await timeToAccept(app.origin, newToken, acceptDeadlineMs);
    const sample = await flood;
    expectStatuses('kid-flood', sample, [401]);
    const jwksFetches = issuer.jwksFetches;
    // Fetches come at least a cooldown apart: one per started window of the time counted.
    const allowedFetches = Math.floor((Date.now() - countingSince) / (cooldownSeconds * 1000)) + 1;
    const accepted = acceptedAfter === null ? 'REFUSED' : `accepted after ${acceptedAfter} ms`;
    progress(
      `kid-flood: ${jwksFetches} JWKS fetches (at most ${allowedFetches}), cooldown ${cooldownSeconds} s; new key ${accepted}`,
    );
    return {
      cooldownSeconds,
      floodSeconds,
      requestsPerSecond: sample.requestsPerSecond,
      p50Ms: sample.p50Ms,
      p99Ms: sample.p99Ms,
      appCpuMicrosPerRequest: sample.appCpuMicrosPerRequest ?? Number.NaN,
      jwksFetches,
      allowedFetches,
      newKeyAccepted: acceptedAfter !== null,
      newKeyAcceptedAfterMs: acceptedAfter,
      ok: jwksFetches <= allowedFetches && acceptedAfter !== null,
    };
  });
}
