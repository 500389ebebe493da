import { DevIssuer, DEV_ISSUER_DIR } from '../dev-issuer/dev-issuer';
import { mintRequestedToken } from './mint-token';
import { parseTokenArgs, TOKEN_USAGE, TokenArgsError } from './token-args';

/** Where the token CLI reads and writes. */
export interface TokenCliIo {
  /** The development issuer's folder. Default `.dev-issuer` (from the cwd). */
  readonly dir?: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * The token CLI: prints a token of the development issuer on stdout, and nothing else.
 * @returns the exit code: 0, 1 (no development issuer yet) or 2 (bad arguments)
 */
export function runTokenCli(args: readonly string[], io: TokenCliIo): number {
  let request;
  try {
    request = parseTokenArgs(args);
  } catch (error) {
    if (!(error instanceof TokenArgsError)) throw error;
    io.stderr(`${error.message}\n\n${TOKEN_USAGE}\n`);
    return 2;
  }
  if (request.kind === 'help') {
    io.stdout(`${TOKEN_USAGE}\n`);
    return 0;
  }
  const minter = DevIssuer.minterFor(io.dir ?? DEV_ISSUER_DIR);
  if (minter === undefined) {
    io.stderr(
      'No development issuer here yet: run `npm start` (without AUTH_ISSUER_URL) once from the project root.\n',
    );
    return 1;
  }
  io.stdout(`${mintRequestedToken(minter, request)}\n`);
  return 0;
}
