import {
  ASYMMETRIC_ALGORITHMS,
  CLAIM_PRESETS,
  type AsymmetricAlgorithm,
  type ClaimPresetName,
} from 'nest-portcullis';
import { DEV_ALGORITHMS } from '../dev-issuer/dev-keys';
import {
  DemoConfigError,
  type DemoConfig,
  type DevelopmentIssuerConfig,
  type RealIssuerConfig,
} from './demo-config';

/** The environment variables the demo reads. */
export type DemoEnv = Readonly<Record<string, string | undefined>>;

/** Variables that only mean something with a real issuer. */
const ISSUER_ONLY = ['AUTH_AUDIENCE', 'AUTH_JWKS_URI', 'AUTH_CLAIMS_PRESET'] as const;

/** A variable's value, trimmed; an empty one counts as unset. */
function read(env: DemoEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function httpUrl(name: string, value: string): string {
  if (!URL.canParse(value))
    throw new DemoConfigError(name, `must be an absolute URL, got "${value}"`);
  const { protocol } = new URL(value);
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new DemoConfigError(name, `must be an http(s) URL, got "${value}"`);
  }
  return value;
}

function port(env: DemoEnv): number {
  const value = read(env, 'PORT');
  if (value === undefined) return 3000;
  const parsed = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  // The development issuer listens on PORT + 1, so the last port is not available.
  if (!(parsed >= 1 && parsed <= 65534)) {
    throw new DemoConfigError('PORT', `must be a whole number from 1 to 65534, got "${value}"`);
  }
  return parsed;
}

function claimPath(env: DemoEnv, name: string, fallback: string): string {
  const value = read(env, name) ?? fallback;
  if (/\s/.test(value)) {
    throw new DemoConfigError(name, `must be one claim name or dotted path, got "${value}"`);
  }
  return value;
}

function list(env: DemoEnv, name: string): string[] | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) {
    throw new DemoConfigError(
      name,
      `must be a comma-separated list without empty items, got "${value}"`,
    );
  }
  return items;
}

function algorithms(env: DemoEnv): AsymmetricAlgorithm[] | undefined {
  const names = list(env, 'AUTH_ALGORITHMS');
  const known: readonly string[] = ASYMMETRIC_ALGORITHMS;
  for (const alg of names ?? []) {
    if (!known.includes(alg)) {
      throw new DemoConfigError(
        'AUTH_ALGORITHMS',
        `may list only ${ASYMMETRIC_ALGORITHMS.join(', ')}; "${alg}" is not one`,
      );
    }
  }
  return names as AsymmetricAlgorithm[] | undefined;
}

function preset(env: DemoEnv): ClaimPresetName {
  const value = read(env, 'AUTH_CLAIMS_PRESET') ?? 'generic';
  if (!Object.hasOwn(CLAIM_PRESETS, value)) {
    const names = Object.keys(CLAIM_PRESETS).join(', ');
    throw new DemoConfigError('AUTH_CLAIMS_PRESET', `must be one of ${names}, got "${value}"`);
  }
  return value as ClaimPresetName;
}

/** The development issuer signs with the first of its algorithms the API accepts. */
function development(
  accepted: readonly AsymmetricAlgorithm[] | undefined,
): DevelopmentIssuerConfig {
  const alg = DEV_ALGORITHMS.find((candidate) => accepted?.includes(candidate) ?? true);
  if (alg === undefined) {
    throw new DemoConfigError(
      'AUTH_ALGORITHMS',
      `must include ${DEV_ALGORITHMS.join(' or ')} for the development issuer (or set AUTH_ISSUER_URL)`,
    );
  }
  return { mode: 'development', alg };
}

function realIssuer(env: DemoEnv, issuer: string): RealIssuerConfig {
  const audiences = list(env, 'AUTH_AUDIENCE');
  if (audiences === undefined) {
    throw new DemoConfigError(
      'AUTH_AUDIENCE',
      'is required with AUTH_ISSUER_URL (the API identifier tokens are issued for)',
    );
  }
  const jwksUri = read(env, 'AUTH_JWKS_URI');
  return {
    mode: 'issuer',
    issuer: httpUrl('AUTH_ISSUER_URL', issuer),
    audiences,
    jwksUri: jwksUri === undefined ? undefined : httpUrl('AUTH_JWKS_URI', jwksUri),
    preset: preset(env),
  };
}

/**
 * Reads the demo's configuration from environment variables. Without `AUTH_ISSUER_URL` the
 * demo runs on its development issuer; variables that only make sense with a real issuer are
 * then refused, so that a typo never silently leaves the demo in development mode.
 *
 * @throws DemoConfigError naming the first variable that is missing or invalid
 * @example parseDemoConfig(process.env)
 */
export function parseDemoConfig(env: DemoEnv): DemoConfig {
  const issuer = read(env, 'AUTH_ISSUER_URL');
  if (issuer === undefined) {
    const stray = ISSUER_ONLY.find((name) => read(env, name) !== undefined);
    if (stray !== undefined) {
      throw new DemoConfigError(
        stray,
        'is set but AUTH_ISSUER_URL is not; set both to trust a real issuer, or neither for the development issuer',
      );
    }
  }
  const accepted = algorithms(env);
  return {
    port: port(env),
    auth: issuer === undefined ? development(accepted) : realIssuer(env, issuer),
    rolesClaim: claimPath(env, 'AUTH_ROLES_CLAIM', 'roles'),
    permissionsClaim: claimPath(env, 'AUTH_PERMISSIONS_CLAIM', 'permissions'),
    algorithms: accepted,
  };
}
