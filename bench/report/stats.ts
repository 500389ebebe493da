import type { LoadSample } from '../harness/load';

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One workload's figures over its rounds. */
export interface ThroughputFigures {
  workload: string;
  /** Median over rounds. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Median over rounds of (this round's req/s / the same round's baseline req/s). */
  ratioToBaseline: number;
  /**
   * The least, over rounds, of the app's own CPU time per request, microseconds.
   * Interference (other processes, other guests of the host) only ever adds to it, so the
   * least is the closest to what the code itself costs.
   */
  appCpuMicrosPerRequest: number;
  /** Baseline's least CPU per request / this one's: the ratio an undisturbed core gives. */
  cpuRatioToBaseline: number;
  rounds: Array<
    Pick<
      LoadSample,
      'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'requests' | 'appCpuMicrosPerRequest'
    >
  >;
}

/** Median of the per-round ratios of two workloads' req/s (rounds ran side by side). */
export function roundRatio(a: readonly LoadSample[], b: readonly LoadSample[]): number {
  return median(a.map((sample, i) => sample.requestsPerSecond / b[i].requestsPerSecond));
}

const cpuOf = (sample: LoadSample): number => sample.appCpuMicrosPerRequest ?? Number.NaN;

/** The least CPU per request over rounds (NaN when not measured). */
export function leastCpu(samples: readonly LoadSample[]): number {
  return samples.length === 0 ? Number.NaN : Math.min(...samples.map(cpuOf));
}

/** `b`'s least CPU per request over `a`'s (so higher: `a` is cheaper). */
export function cpuRatio(a: readonly LoadSample[], b: readonly LoadSample[]): number {
  return leastCpu(b) / leastCpu(a);
}

/** The figures of every workload, ratios against `baselineKey`. */
export function throughputFigures(
  samples: ReadonlyMap<string, LoadSample[]>,
  baselineKey: string,
): ThroughputFigures[] {
  const baseline = samples.get(baselineKey) ?? [];
  return [...samples].map(([workload, runs]) => ({
    workload,
    requestsPerSecond: median(runs.map((s) => s.requestsPerSecond)),
    p50Ms: median(runs.map((s) => s.p50Ms)),
    p99Ms: median(runs.map((s) => s.p99Ms)),
    ratioToBaseline: baseline.length === runs.length ? roundRatio(runs, baseline) : Number.NaN,
    appCpuMicrosPerRequest: leastCpu(runs),
    cpuRatioToBaseline: cpuRatio(runs, baseline),
    rounds: runs.map(({ requestsPerSecond, p50Ms, p99Ms, requests, appCpuMicrosPerRequest }) => ({
      requestsPerSecond: Math.round(requestsPerSecond),
      p50Ms,
      p99Ms,
      requests,
      appCpuMicrosPerRequest: Math.round(appCpuMicrosPerRequest ?? Number.NaN),
    })),
  }));
}
