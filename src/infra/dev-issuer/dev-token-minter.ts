import type { TokenMinter } from 'nest-portcullis/testing';
import { putClaim } from './claim-path';
import type { DevIssuerState } from './dev-issuer.state';
import type { DevAlgorithm } from './dev-keys';

/** The client id of user tokens (the app a user signed in to). */
export const DEV_USER_CLIENT_ID = 'demo-web';
/** The client id of client-credentials tokens by default. */
export const DEV_SERVICE_CLIENT_ID = 'demo-service';
/** Default lifetime of minted tokens: an hour, long enough to try the curl commands. */
export const DEV_TOKEN_LIFETIME_SECONDS = 3600;

/** What a user's access token says. */
export interface UserTokenRequest {
  readonly sub: string;
  readonly scopes?: readonly string[];
  readonly roles?: readonly string[];
  readonly permissions?: readonly string[];
  readonly expiresIn?: number;
  readonly alg?: DevAlgorithm;
}

/** What a client-credentials token says: the client is its own subject. */
export interface ClientTokenRequest {
  readonly clientId?: string;
  readonly scopes?: readonly string[];
  readonly expiresIn?: number;
  readonly alg?: DevAlgorithm;
}

/** `scope` as RFC 9068 puts it; no claim at all for no scopes. */
const scopeClaim = (scopes: readonly string[] = []): string | undefined =>
  scopes.length > 0 ? scopes.join(' ') : undefined;

/**
 * The demo's token shapes over the testing kit's minter (RFC 9068 access tokens, and ID tokens
 * to see them refused): user tokens of the `demo-web` app with roles and permissions where
 * the demo is told to read them, and client-credentials tokens.
 */
export class DevTokenMinter {
  /**
   * @param state issuer, audience, claim paths and default algorithm
   * @param kit the kit's minter holding the issuer's keys (a TestIssuer or an OfflineMinter)
   */
  constructor(
    readonly state: DevIssuerState,
    private readonly kit: TokenMinter,
  ) {}

  /** A user's access token: `sub`, `client_id: demo-web`, `scope`, roles and permissions. */
  userToken(request: UserTokenRequest): string {
    const claims: Record<string, unknown> = {
      sub: request.sub,
      client_id: DEV_USER_CLIENT_ID,
      scope: scopeClaim(request.scopes),
    };
    if (request.roles?.length) putClaim(claims, this.state.rolesClaim, [...request.roles]);
    if (request.permissions?.length) {
      putClaim(claims, this.state.permissionsClaim, [...request.permissions]);
    }
    return this.kit.mintAccessToken(claims, this.signing(request));
  }

  /** A client-credentials token: `sub` = `client_id`, `gty: client-credentials`. */
  clientToken(request: ClientTokenRequest = {}): string {
    const clientId = request.clientId ?? DEV_SERVICE_CLIENT_ID;
    const claims = { sub: clientId, client_id: clientId, gty: 'client-credentials' };
    return this.kit.mintAccessToken(
      { ...claims, scope: scopeClaim(request.scopes) },
      this.signing(request),
    );
  }

  /** An OpenID Connect ID token for `sub`: meant for the web app, never accepted by the API. */
  idToken(sub: string, expiresIn = DEV_TOKEN_LIFETIME_SECONDS, alg?: DevAlgorithm): string {
    return this.kit.mintIdToken({ sub, aud: DEV_USER_CLIENT_ID }, this.signing({ expiresIn, alg }));
  }

  private signing(request: { expiresIn?: number; alg?: DevAlgorithm }): {
    alg: DevAlgorithm;
    expiresIn: number;
  } {
    const expiresIn = request.expiresIn ?? DEV_TOKEN_LIFETIME_SECONDS;
    return { alg: request.alg ?? this.state.alg, expiresIn };
  }
}
