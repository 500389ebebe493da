import type { TestIssuer } from 'nest-portcullis/testing';
import type { BenchAppConfig, BenchAppKind } from '../app/app-config';
import { AppProcess, type AppLaunch } from '../harness/app-process';
import type { BenchSettings } from '../settings';

/** What every workload runs with: the issuer (in this process), settings, app launcher. */
export interface BenchContext {
  issuer: TestIssuer;
  settings: BenchSettings;
  launch: AppLaunch;
}

/** Default `keys.cooldownSeconds` of the library, kept in the throughput apps. */
const DEFAULT_COOLDOWN_SECONDS = 30;

/** Starts a fresh app of `kind` pointed at the context's issuer. */
export function startApp(
  context: BenchContext,
  kind: BenchAppKind,
  overrides: Partial<BenchAppConfig> = {},
  nodeFlags: readonly string[] = [],
): Promise<AppProcess> {
  const { issuer, settings } = context;
  const config: BenchAppConfig = {
    kind,
    platform: settings.platform,
    issuer: issuer.issuer,
    audience: issuer.audience,
    jwksUri: issuer.jwksUri,
    tokenCacheEntries: settings.tokenCacheEntries,
    cooldownSeconds: DEFAULT_COOLDOWN_SECONDS,
    ...overrides,
  };
  return AppProcess.start(config, { ...context.launch, nodeFlags });
}

/** Runs `body` against a fresh app and always stops the app. */
export async function withApp<T>(
  app: Promise<AppProcess>,
  body: (app: AppProcess) => Promise<T>,
): Promise<T> {
  const started = await app;
  try {
    return await body(started);
  } finally {
    await started.stop();
  }
}

/** A progress line on stderr (stdout holds the results). */
export function progress(line: string): void {
  process.stderr.write(`  ${line}\n`);
}
