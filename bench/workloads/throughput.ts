import type { BenchAppKind } from '../app/app-config';
import {
  expectStatuses,
  runLoad,
  runMeasuredLoad,
  type LoadPlan,
  type LoadSample,
} from '../harness/load';
import type { NextToken } from '../harness/token-pools';
import { progress, startApp, withApp, type BenchContext } from './context';

/** A workload measured in requests per second against a fresh app. */
export interface ThroughputWorkload {
  /** `baseline`, `authn-warm`, `authn-cold`, `policy`, `textbook`. */
  name: string;
  /** The algorithm of its tokens, when it matters. */
  alg?: string;
  app: BenchAppKind;
  path: string;
  /** Token source, shared by every round (a pool's cursor moves on). */
  nextToken: NextToken;
  /** A JSON body to `POST` (GraphQL workloads); absent: a `GET`. */
  body?: string;
  /** The exact body one request must answer, checked before the load (a GraphQL 200 may carry errors). */
  expect?: string;
}

/** `name` or `name (alg)`: the key of a workload's results. */
export function workloadKey(workload: Pick<ThroughputWorkload, 'name' | 'alg'>): string {
  return workload.alg === undefined ? workload.name : `${workload.name} (${workload.alg})`;
}

/**
 * Throws unless one request of the plan answers 200 (with exactly `expected` when given).
 * Also makes sure the app is ready (keys fetched, first request compiled) before the
 * warm-up's short window opens: on a busy machine that window could otherwise pass without
 * one answer.
 */
async function expectAnswer(key: string, plan: LoadPlan, expected?: string): Promise<void> {
  const token = plan.nextToken();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const method = plan.body === undefined ? 'GET' : 'POST';
  const res = await fetch(`${plan.origin}${plan.path}`, { method, headers, body: plan.body });
  const text = (await res.text()).trim();
  if (res.status !== 200 || (expected !== undefined && text !== expected)) {
    throw new Error(`${key}: expected 200 ${expected ?? ''}, got ${res.status} ${text}`);
  }
}

async function measureOnce(
  context: BenchContext,
  workload: ThroughputWorkload,
): Promise<LoadSample> {
  const { settings } = context;
  return withApp(startApp(context, workload.app), async (app) => {
    const plan = {
      origin: app.origin,
      path: workload.path,
      nextToken: workload.nextToken,
      body: workload.body,
      rate: settings.rate,
    };
    const key = workloadKey(workload);
    await expectAnswer(key, plan, workload.expect);
    expectStatuses(
      `${key} warm-up`,
      await runLoad({ ...plan, durationSeconds: settings.warmupSeconds }),
      [200],
    );
    const sample = await runMeasuredLoad(app, {
      ...plan,
      durationSeconds: settings.durationSeconds,
    });
    expectStatuses(key, sample, [200]);
    return sample;
  });
}

/**
 * Runs every workload once per round, each against a freshly started app: A B C, then
 * B C A, then C A B ..., so that a noisy moment hits one round of several workloads
 * rather than every round of one, and no workload always comes first. Returns the
 * samples by workload key, in round order.
 */
export async function runThroughput(
  context: BenchContext,
  workloads: readonly ThroughputWorkload[],
): Promise<Map<string, LoadSample[]>> {
  const samples = new Map<string, LoadSample[]>(workloads.map((w) => [workloadKey(w), []]));
  const { rounds } = context.settings;
  for (let round = 0; round < rounds; round++) {
    const order = [
      ...workloads.slice(round % workloads.length),
      ...workloads.slice(0, round % workloads.length),
    ];
    for (const workload of order) {
      const sample = await measureOnce(context, workload);
      samples.get(workloadKey(workload))!.push(sample);
      const rps = Math.round(sample.requestsPerSecond).toLocaleString('en-US');
      const cpu = Math.round(sample.appCpuMicrosPerRequest ?? Number.NaN);
      progress(
        `round ${round + 1}/${rounds} ${workloadKey(workload)}: ${rps} req/s, app CPU ${cpu} us/req`,
      );
    }
  }
  return samples;
}
