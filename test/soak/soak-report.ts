import type { TrafficKind } from '../hardening/support/traffic';

/** Counts of one soak run. */
export class SoakTally {
  requests = 0;
  readonly byKind = new Map<TrafficKind, Map<number, number>>();
  readonly problems: string[] = [];
  unexpected = 0;
  serverErrors = 0;
  otherServerErrors = 0;

  /** Records one answer and what was wrong with it, if anything. */
  record(kind: TrafficKind, status: number, problem: string | undefined): void {
    this.requests++;
    const statuses = this.byKind.get(kind) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.byKind.set(kind, statuses);
    if (status >= 500) this.serverErrors++;
    if (status >= 500 && status !== 503) this.otherServerErrors++;
    if (problem !== undefined) {
      this.unexpected++;
      if (this.problems.length < 10) this.problems.push(problem);
    }
  }

  /** Every status with its count, all kinds together. */
  statusCounts(): Record<string, number> {
    const total: Record<string, number> = {};
    for (const statuses of this.byKind.values()) {
      for (const [status, count] of statuses) total[status] = (total[status] ?? 0) + count;
    }
    return total;
  }
}

/** Bytes as megabytes, for the report. */
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** What the soak prints at the end. */
export interface SoakSummary {
  readonly tally: SoakTally;
  readonly seconds: number;
  readonly rssStart: number;
  readonly rssEnd: number;
  readonly heapStart: number;
  readonly heapEnd: number;
  readonly jwksFetches: number;
  readonly recovered: boolean;
}

/** Prints the report; returns whether the run passed. */
export function printReport(s: SoakSummary): boolean {
  const { tally } = s;
  const passed = tally.unexpected === 0 && tally.otherServerErrors === 0 && s.recovered;
  console.log('\n== soak report ==');
  console.log(
    `requests        ${tally.requests} in ${s.seconds.toFixed(1)} s (${Math.round(tally.requests / s.seconds)}/s)`,
  );
  console.log(`status codes    ${JSON.stringify(tally.statusCounts())}`);
  for (const [kind, statuses] of tally.byKind) {
    console.log(`  ${kind.padEnd(13)} ${JSON.stringify(Object.fromEntries(statuses))}`);
  }
  console.log(`5xx             ${tally.serverErrors} (other than 503: ${tally.otherServerErrors})`);
  console.log(`unexpected      ${tally.unexpected}`);
  for (const problem of tally.problems) console.log(`  ${problem}`);
  console.log(`rss             ${mb(s.rssStart)} -> ${mb(s.rssEnd)}`);
  console.log(`heap used       ${mb(s.heapStart)} -> ${mb(s.heapEnd)}`);
  console.log(`jwks fetches    ${s.jwksFetches}`);
  console.log(`recovered       ${s.recovered ? 'yes' : 'NO'}`);
  console.log(passed ? 'PASS' : 'FAIL');
  return passed;
}
