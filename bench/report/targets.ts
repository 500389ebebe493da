import type { BenchPlatform } from '../app/app-config';
import type { GarbageMemoryResult } from '../workloads/garbage-memory';
import type { KidFloodResult } from '../workloads/kid-flood';
import type { ThroughputFigures } from './stats';

/** One target (of issue 5, 9 or 13) and whether this run met it. */
export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
  /**
   * The same target read on what no guard of that kind can go below, in the same run: the
   * `floor` workloads (jsonwebtoken with a parsed key, nothing else) for a cold token, the
   * route's `@Public()` twin for the demo's route. A floor that misses the target shows the
   * target is out of reach on this machine, not that Portcullis missed it.
   */
  floor?: { workload: string; value: string; met: boolean };
}

/** Garbage may grow the app by this much at most: the order of its caches' size. */
export const GARBAGE_GROWTH_LIMIT_MB = 16;

/** Workload keys the targets and the summary read. */
export const KEYS = {
  baseline: 'baseline',
  baselineWithToken: 'baseline+token',
  warm: 'authn-warm (RS256)',
  coldRs: 'authn-cold (RS256)',
  coldEs: 'authn-cold (ES256)',
  textbookRs: 'textbook (RS256)',
  textbookEs: 'textbook (ES256)',
  floorRs: 'floor (RS256)',
  floorEs: 'floor (ES256)',
  demoHealth: 'demo-health',
  demoUserPublic: 'demo-user-public',
  policy: 'policy',
  graphqlUserPublic: 'graphql-user-public',
  graphqlUser: 'graphql-user',
} as const;

const x = (ratio: number): string => `${ratio.toFixed(2)}x`;

/** Bytes as signed megabytes, e.g. `+3.1 MB`. */
export function megabytes(bytes: number): string {
  const mb = bytes / 2 ** 20;
  return `${mb >= 0 ? '+' : ''}${mb.toFixed(1)} MB`;
}

/** A req/s ratio and the least-CPU ratio of the same pair; the CPU one is judged. */
interface RatioPair {
  requests: number | undefined;
  cpu: number | undefined;
}

/**
 * Judged on the CPU ratio: on a quiet machine the app is CPU-bound and both agree; on a
 * noisy one (this machine: the same app varies up to 2x between runs) req/s moves with
 * the neighbours and the least CPU per request does not.
 */
function ratioTarget(target: string, pair: RatioPair, least: number): TargetCheck[] {
  if (pair.cpu === undefined || Number.isNaN(pair.cpu)) return [];
  const requests = pair.requests === undefined ? '-' : x(pair.requests);
  return [{ target, value: `CPU ${x(pair.cpu)}, req/s ${requests}`, met: pair.cpu >= least }];
}

/** A CPU ratio target with the floor's ratio beside it (both read in the same run). */
function floorTarget(
  target: string,
  cpu: number | undefined,
  least: number,
  floor?: { workload: string; cpu: number | undefined },
): TargetCheck[] {
  if (cpu === undefined || Number.isNaN(cpu)) return [];
  const check: TargetCheck = { target, value: `CPU ${x(cpu)}`, met: cpu >= least };
  if (floor?.cpu !== undefined && !Number.isNaN(floor.cpu)) {
    check.floor = { workload: floor.workload, value: x(floor.cpu), met: floor.cpu >= least };
  }
  return [check];
}

/**
 * The targets of issue 9 (the token path, judged on Express, the default platform) and
 * issue 13 (the guard's fixed cost, judged on Fastify), each beside its floor.
 */
function platformTargets(
  platform: BenchPlatform,
  byKey: ReadonlyMap<string, ThroughputFigures>,
  cpuComparisons: Readonly<Record<string, number>>,
): TargetCheck[] {
  const toBaseline = (key: string): number | undefined => byKey.get(key)?.cpuRatioToBaseline;
  const versus = (a: string, b: string): number | undefined => cpuComparisons[`${a} / ${b}`];
  if (platform === 'fastify') {
    return [
      ...floorTarget('issue 13: authn-warm >= 0.85x baseline', toBaseline(KEYS.warm), 0.85),
      ...floorTarget('issue 13: policy >= 0.75x baseline', toBaseline(KEYS.policy), 0.75, {
        workload: KEYS.demoUserPublic,
        cpu: toBaseline(KEYS.demoUserPublic),
      }),
      ...floorTarget(
        'issue 13: authn-cold >= 0.35x baseline (RS256)',
        toBaseline(KEYS.coldRs),
        0.35,
        { workload: KEYS.floorRs, cpu: toBaseline(KEYS.floorRs) },
      ),
    ];
  }
  return [
    ...floorTarget('issue 9: authn-warm >= 0.95x baseline', toBaseline(KEYS.warm), 0.95),
    ...floorTarget('issue 9: authn-cold >= 0.65x baseline (RS256)', toBaseline(KEYS.coldRs), 0.65, {
      workload: KEYS.floorRs,
      cpu: toBaseline(KEYS.floorRs),
    }),
    ...floorTarget('issue 9: authn-cold >= 0.55x baseline (ES256)', toBaseline(KEYS.coldEs), 0.55, {
      workload: KEYS.floorEs,
      cpu: toBaseline(KEYS.floorEs),
    }),
    ...floorTarget(
      'issue 9: authn-cold >= 2.3x textbook (RS256)',
      versus(KEYS.coldRs, KEYS.textbookRs),
      2.3,
      { workload: KEYS.floorRs, cpu: versus(KEYS.floorRs, KEYS.textbookRs) },
    ),
    ...floorTarget(
      'issue 9: policy >= 0.90x its @Public() twin',
      versus(KEYS.policy, KEYS.demoUserPublic),
      0.9,
    ),
  ];
}

/** Checks this run's figures against the issues' targets. */
export function checkTargets(
  platform: BenchPlatform,
  byKey: ReadonlyMap<string, ThroughputFigures>,
  comparisons: Readonly<Record<string, number>>,
  cpuComparisons: Readonly<Record<string, number>>,
  kidFlood: KidFloodResult | undefined,
  garbage: GarbageMemoryResult | undefined,
): TargetCheck[] {
  const toBaseline = (key: string): RatioPair => ({
    requests: byKey.get(key)?.ratioToBaseline,
    cpu: byKey.get(key)?.cpuRatioToBaseline,
  });
  const coldVersusTextbook = `${KEYS.coldRs} / ${KEYS.textbookRs}`;
  const graphqlVersusPublic = `${KEYS.graphqlUser} / ${KEYS.graphqlUserPublic}`;
  const checks = [
    ...ratioTarget('issue 5: authn-warm >= 0.90x baseline', toBaseline(KEYS.warm), 0.9),
    ...ratioTarget(
      'issue 5: authn-cold >= 2x textbook (RS256)',
      { requests: comparisons[coldVersusTextbook], cpu: cpuComparisons[coldVersusTextbook] },
      2,
    ),
    ...ratioTarget('issue 5: authn-cold >= 0.60x baseline (RS256)', toBaseline(KEYS.coldRs), 0.6),
    ...ratioTarget('issue 5: policy >= 0.85x baseline', toBaseline(KEYS.policy), 0.85),
    ...ratioTarget(
      'issue 10: graphql-user >= 0.85x graphql-user-public (warm token)',
      { requests: comparisons[graphqlVersusPublic], cpu: cpuComparisons[graphqlVersusPublic] },
      0.85,
    ),
    ...platformTargets(platform, byKey, cpuComparisons),
  ];
  if (kidFlood) {
    checks.push({
      target: 'kid flood: <= 1 JWKS fetch per cooldown window',
      value: `${kidFlood.jwksFetches} fetches, ${kidFlood.allowedFetches} allowed`,
      met: kidFlood.jwksFetches <= kidFlood.allowedFetches,
    });
    checks.push({
      target: 'kid flood: new key accepted after the cooldown',
      value: kidFlood.newKeyAccepted ? `after ${kidFlood.newKeyAcceptedAfterMs} ms` : 'refused',
      met: kidFlood.newKeyAccepted,
    });
  }
  if (garbage) {
    // Bounded, not growing with the number of requests: the second half of the tokens may
    // not grow the app (RSS and heap) by more than the limit. The whole run's RSS growth
    // ("a few MB", the order of the caches' size) is judged against the same limit.
    const limit = GARBAGE_GROWTH_LIMIT_MB * 2 ** 20;
    const secondHalf = garbage.rssAfter - garbage.rssMiddle;
    const heapGrowth = garbage.heapAfter - garbage.heapBefore;
    checks.push({
      target: `garbage: 2nd half RSS and heap growth <= ${GARBAGE_GROWTH_LIMIT_MB} MB`,
      value: `RSS ${megabytes(secondHalf)}, heap ${megabytes(heapGrowth)}`,
      met: secondHalf <= limit && heapGrowth <= limit,
    });
    const growth = garbage.rssAfter - garbage.rssBefore;
    checks.push({
      target: `garbage: RSS growth <= ${GARBAGE_GROWTH_LIMIT_MB} MB`,
      value: megabytes(growth),
      met: growth <= limit,
    });
  }
  return checks;
}
