import autocannon from 'autocannon';

/** 50 connections, as in the issue. */
export const CONNECTIONS = 50;

/** What one autocannon run measured. */
export interface LoadSample {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Requests answered per status code. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  /** CPU time the app spent per answered request, in microseconds (when measured). */
  appCpuMicrosPerRequest?: number;
}

/** One load run: a path, the bearer token of each request, and how long (or how many). */
export interface LoadPlan {
  origin: string;
  path: string;
  /** The token of the next request; `undefined` sends no `Authorization` header. */
  nextToken: () => string | undefined;
  /** A JSON body: the request is then a `POST` (GraphQL), else a `GET`. */
  body?: string;
  durationSeconds?: number;
  amount?: number;
  /** Requests per second over all connections; as many as answered when absent. */
  rate?: number;
  /** Connections (default {@link CONNECTIONS}). */
  connections?: number;
  /** Seconds a request may take before it counts as an error (default 10). */
  timeoutSeconds?: number;
}

/**
 * Runs autocannon against an app with 50 connections. Every request is built by the
 * same `setupRequest` hook (tokens or not), so the load generator does the same work
 * in every workload.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadSample> {
  const result = await autocannon({
    url: plan.origin,
    connections: plan.connections ?? CONNECTIONS,
    // autocannon spreads options over its defaults: an `undefined` would replace one.
    ...(plan.amount === undefined
      ? { duration: plan.durationSeconds ?? 10 }
      : { amount: plan.amount }),
    timeout: plan.timeoutSeconds ?? 10,
    ...(plan.rate === undefined ? {} : { overallRate: plan.rate }),
    requests: [
      {
        setupRequest: (request) => {
          const token = plan.nextToken();
          const headers: Record<string, string> =
            token === undefined ? {} : { authorization: `Bearer ${token}` };
          if (plan.body === undefined)
            return { ...request, method: 'GET', path: plan.path, headers };
          headers['content-type'] = 'application/json';
          return { ...request, method: 'POST', path: plan.path, headers, body: plan.body };
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statuses[code] = count;
  const answered = Object.values(statuses).reduce((sum, n) => sum + n, 0);
  return {
    requestsPerSecond: answered / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: answered,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

/** Throws unless every request of a sample was answered with one of `expected`. */
export function expectStatuses(
  label: string,
  sample: LoadSample,
  expected: readonly number[],
): void {
  const unexpected = Object.entries(sample.statuses).filter(
    ([code]) => !expected.includes(Number(code)),
  );
  if (sample.errors > 0 || unexpected.length > 0 || sample.requests === 0) {
    const seen = JSON.stringify(sample.statuses);
    throw new Error(
      `${label}: expected only ${expected.join('/')}, got ${seen} and ${sample.errors} errors`,
    );
  }
}

/** {@link runLoad} with the app's own CPU time per answered request. */
export async function runMeasuredLoad(
  app: { cpuMicros(): Promise<number> },
  plan: LoadPlan,
): Promise<LoadSample> {
  const before = await app.cpuMicros();
  const sample = await runLoad(plan);
  const spent = (await app.cpuMicros()) - before;
  return { ...sample, appCpuMicrosPerRequest: spent / Math.max(1, sample.requests) };
}
