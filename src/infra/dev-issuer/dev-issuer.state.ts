import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DevAlgorithm } from './dev-keys';

/** What the running development issuer tells the token CLI, in `<dir>/issuer.json`. */
export interface DevIssuerState {
  /** The `iss` of its tokens (its loopback URL). */
  readonly issuer: string;
  /** The `aud` of its access tokens. */
  readonly audience: string;
  /** Where the demo reads roles; tokens put them there. */
  readonly rolesClaim: string;
  /** Where the demo reads permissions; tokens put them there. */
  readonly permissionsClaim: string;
  /** The algorithm tokens are signed with by default. */
  readonly alg: DevAlgorithm;
}

const STATE_FILE = 'issuer.json';

/** Writes the state file (mode 0600). */
export function writeDevIssuerState(dir: string, state: DevIssuerState): void {
  writeFileSync(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Reads the state file; `undefined` when the demo has never started here. */
export function readDevIssuerState(dir: string): DevIssuerState | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, STATE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as Partial<DevIssuerState>;
  const fields = ['issuer', 'audience', 'rolesClaim', 'permissionsClaim', 'alg'] as const;
  if (fields.some((field) => typeof state[field] !== 'string')) {
    throw new Error(
      `${join(dir, STATE_FILE)} is damaged; delete the folder and start the demo again`,
    );
  }
  return state as DevIssuerState;
}
