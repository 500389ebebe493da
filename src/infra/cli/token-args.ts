import { parseArgs } from 'node:util';
import { DEV_ALGORITHMS, type DevAlgorithm } from '../dev-issuer/dev-keys';
import { DEV_TOKEN_LIFETIME_SECONDS } from '../dev-issuer/dev-token-minter';

/** Usage of `npm run token`, printed by `--help` and after a bad argument. */
export const TOKEN_USAGE = `Mints a token signed by the demo's development issuer (start the demo first).

Usage: npm run token -- [options]

  --sub <id>            subject: a user id (default alice), or the client id with --client
  --scope "<a b>"       scopes, space-separated (e.g. "read:users write:users")
  --roles <a,b>         roles (comma- or space-separated), e.g. admin or support
  --permissions <a,b>   permissions (comma- or space-separated), e.g. read:users
  --client              a client-credentials token (sub = client id, default demo-service)
  --id-token            an OpenID Connect ID token instead (the API refuses it)
  --expires-in <s>      lifetime in seconds (default ${DEV_TOKEN_LIFETIME_SECONDS})
  --alg <RS256|ES256>   signing algorithm (default RS256)
  -h, --help            this text

The token alone is printed on stdout.`;

/** What to mint. */
export type TokenRequest =
  | { kind: 'help' }
  | {
      kind: 'user' | 'client' | 'id';
      sub?: string;
      scopes: string[];
      roles: string[];
      permissions: string[];
      expiresIn: number;
      alg?: DevAlgorithm;
    };

/** A bad command line; the message says which option. */
export class TokenArgsError extends Error {
  override readonly name = 'TokenArgsError';
}

const words = (value: string | undefined): string[] =>
  (value ?? '').split(/[\s,]+/).filter((word) => word.length > 0);

function lifetime(value: string | undefined): number {
  if (value === undefined) return DEV_TOKEN_LIFETIME_SECONDS;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new TokenArgsError(`--expires-in must be a whole number of seconds >= 1, got "${value}"`);
  }
  return Number(value);
}

function algorithm(value: string | undefined): DevAlgorithm | undefined {
  if (value === undefined) return undefined;
  if (!(DEV_ALGORITHMS as readonly string[]).includes(value)) {
    throw new TokenArgsError(`--alg must be one of ${DEV_ALGORITHMS.join(', ')}, got "${value}"`);
  }
  return value as DevAlgorithm;
}

/**
 * Parses the token CLI's arguments.
 * @throws TokenArgsError for an unknown option, a missing value or a bad one
 */
export function parseTokenArgs(args: readonly string[]): TokenRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        sub: { type: 'string' },
        scope: { type: 'string' },
        roles: { type: 'string' },
        permissions: { type: 'string' },
        client: { type: 'boolean' },
        'id-token': { type: 'boolean' },
        'expires-in': { type: 'string' },
        alg: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new TokenArgsError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.client && values['id-token']) {
    throw new TokenArgsError('--client and --id-token cannot be combined');
  }
  if (values.sub !== undefined && values.sub.trim() === '') {
    throw new TokenArgsError('--sub must not be empty');
  }
  return {
    kind: values.client ? 'client' : values['id-token'] ? 'id' : 'user',
    sub: values.sub?.trim(),
    scopes: words(values.scope),
    roles: words(values.roles),
    permissions: words(values.permissions),
    expiresIn: lifetime(values['expires-in']),
    alg: algorithm(values.alg),
  };
}
