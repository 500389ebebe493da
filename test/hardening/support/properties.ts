import fc from 'fast-check';

/**
 * How property runs are sized and replayed, from the environment:
 *
 * - `PORTCULLIS_PROPS=long`: 20 times the runs of CI (for local runs; minutes, not seconds);
 * - `PORTCULLIS_PROPS_RUNS=<n>`: exactly `n` runs per property;
 * - `PORTCULLIS_PROPS_SEED=<seed>` and `PORTCULLIS_PROPS_PATH=<path>`: replay a failure, with
 *   the seed and path fast-check printed (run the one failing test with `-t`).
 */
export interface PropertyEnvironment {
  readonly multiplier: number;
  readonly exactRuns: number | undefined;
  readonly seed: number | undefined;
  readonly path: string | undefined;
}

const LONG_MULTIPLIER = 20;

function integerFrom(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return value;
}

/** Reads {@link PropertyEnvironment} from `process.env`. */
export function propertyEnvironment(env: NodeJS.ProcessEnv = process.env): PropertyEnvironment {
  return {
    multiplier: env.PORTCULLIS_PROPS === 'long' ? LONG_MULTIPLIER : 1,
    exactRuns: integerFrom('PORTCULLIS_PROPS_RUNS', env.PORTCULLIS_PROPS_RUNS),
    seed: integerFrom('PORTCULLIS_PROPS_SEED', env.PORTCULLIS_PROPS_SEED),
    path: env.PORTCULLIS_PROPS_PATH || undefined,
  };
}

/** Runs a property scaled by the environment, for CI or a long local run. */
export function runsFor(ciRuns: number, env = propertyEnvironment()): number {
  return env.exactRuns ?? ciRuns * env.multiplier;
}

/**
 * Checks an async property with {@link runsFor} runs. On failure the error names the seed
 * and path to replay it (fast-check's own report) and the environment variables that do so.
 */
export async function checkProperty<Ts>(
  property: fc.IAsyncProperty<Ts>,
  ciRuns: number,
): Promise<void> {
  const env = propertyEnvironment();
  const seed = env.seed ?? (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const details = await fc.check(property, {
    numRuns: runsFor(ciRuns, env),
    seed,
    path: env.path,
    endOnFailure: env.path !== undefined,
  });
  if (!details.failed) return;
  const replay =
    `PORTCULLIS_PROPS_SEED=${details.seed}` +
    (details.counterexamplePath ? ` PORTCULLIS_PROPS_PATH=${details.counterexamplePath}` : '');
  const report = fc.defaultReportMessage(details) ?? 'property failed';
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : '';
  throw new Error(
    `${report}\n\n${cause}\n\nReplay: ${replay} npx jest <this file> -t '<this test>'`,
  );
}

/** A Jest timeout for a property of `ciRuns` runs: generous, it only stops a hung run. */
export function timeoutFor(ciRuns: number): number {
  return Math.max(30_000, runsFor(ciRuns) * 50);
}
