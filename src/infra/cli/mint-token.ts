import type { DevTokenMinter } from '../dev-issuer/dev-token-minter';
import type { TokenRequest } from './token-args';

/** Mints what a parsed command line asks for. */
export function mintRequestedToken(
  minter: DevTokenMinter,
  request: Exclude<TokenRequest, { kind: 'help' }>,
): string {
  const { scopes, expiresIn, alg } = request;
  if (request.kind === 'client') {
    return minter.clientToken({ clientId: request.sub, scopes, expiresIn, alg });
  }
  const sub = request.sub ?? 'alice';
  if (request.kind === 'id') return minter.idToken(sub, expiresIn, alg);
  const { roles, permissions } = request;
  return minter.userToken({ sub, scopes, roles, permissions, expiresIn, alg });
}
