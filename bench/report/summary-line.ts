import type { GarbageMemoryResult } from '../workloads/garbage-memory';
import type { KidFloodResult } from '../workloads/kid-flood';
import type { ThroughputFigures } from './stats';
import { KEYS, megabytes } from './targets';

const x = (ratio: number): string => `${ratio.toFixed(2)}x`;

/** `RS256` of `authn-cold (RS256)`. */
const algOf = (key: string): string => /\((\w+)\)$/.exec(key)?.[1] ?? key;

function kidFloodPart(result: KidFloodResult): string {
  const fetches =
    result.jwksFetches <= result.allowedFetches
      ? `<=1 fetch/window (${result.jwksFetches} in ${result.floodSeconds} s)`
      : `${result.jwksFetches} fetches > ${result.allowedFetches} allowed`;
  return `kid-flood ${fetches} new key ${result.newKeyAccepted ? 'ok' : 'REFUSED'}`;
}

/**
 * The last printed line, e.g. `summary: authn-warm 0.95x, authn-cold 0.71x (RS256)
 * 0.80x (ES256) 2.8x textbook, policy 0.90x, kid-flood <=1 fetch/window (5 in 10 s)
 * new key ok, garbage +3.1 MB (CPU ratios)`. The ratios are the judged ones, from the
 * least app CPU per request. Workloads left out (`--only`) are left out here too.
 */
export function summaryLine(
  byKey: ReadonlyMap<string, ThroughputFigures>,
  cpuComparisons: Readonly<Record<string, number>>,
  kidFlood: KidFloodResult | undefined,
  garbage: GarbageMemoryResult | undefined,
): string {
  const parts: string[] = [];
  const warm = byKey.get(KEYS.warm);
  if (warm) parts.push(`authn-warm ${x(warm.cpuRatioToBaseline)}`);
  const cold = [KEYS.coldRs, KEYS.coldEs]
    .map((key) => byKey.get(key))
    .filter((f): f is ThroughputFigures => f !== undefined)
    .map((f) => `${x(f.cpuRatioToBaseline)} (${algOf(f.workload)})`);
  const versus = cpuComparisons[`${KEYS.coldRs} / ${KEYS.textbookRs}`];
  if (cold.length > 0) {
    parts.push(
      `authn-cold ${cold.join(' ')}${versus === undefined ? '' : ` ${versus.toFixed(1)}x textbook`}`,
    );
  }
  const policy = byKey.get(KEYS.policy);
  if (policy) parts.push(`policy ${x(policy.cpuRatioToBaseline)}`);
  if (kidFlood) parts.push(kidFloodPart(kidFlood));
  if (garbage) parts.push(`garbage ${megabytes(garbage.rssAfter - garbage.rssBefore)}`);
  return `summary: ${parts.join(', ')} (CPU ratios)`;
}
