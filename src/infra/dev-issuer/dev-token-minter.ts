import { randomUUID } from 'node:crypto';
import { putClaim } from './claim-path';
import type { DevIssuerState } from './dev-issuer.state';
import type { DevAlgorithm, DevKey } from './dev-keys';
import { signCompactJws } from './jws';

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

/** Mints RFC 9068 access tokens (and ID tokens, to see them refused) with the dev keys. */
export class DevTokenMinter {
  /**
   * @param state issuer, audience and claim paths
   * @param keys the issuer's keys, one per algorithm
   */
  constructor(
    readonly state: DevIssuerState,
    private readonly keys: readonly DevKey[],
  ) {}

  /** A user's access token: `sub`, `client_id: demo-web`, `scope`, roles and permissions. */
  userToken(request: UserTokenRequest): string {
    const payload = this.base(request.sub, DEV_USER_CLIENT_ID, request.scopes, request.expiresIn);
    if (request.roles?.length) putClaim(payload, this.state.rolesClaim, [...request.roles]);
    if (request.permissions?.length) {
      putClaim(payload, this.state.permissionsClaim, [...request.permissions]);
    }
    return signCompactJws(this.key(request.alg), 'at+jwt', payload);
  }

  /** A client-credentials token: `sub` = `client_id`, `gty: client-credentials`. */
  clientToken(request: ClientTokenRequest = {}): string {
    const clientId = request.clientId ?? DEV_SERVICE_CLIENT_ID;
    const payload = this.base(clientId, clientId, request.scopes, request.expiresIn);
    payload.gty = 'client-credentials';
    return signCompactJws(this.key(request.alg), 'at+jwt', payload);
  }

  /** An OpenID Connect ID token for `sub`: meant for the web app, never accepted by the API. */
  idToken(sub: string, expiresIn = DEV_TOKEN_LIFETIME_SECONDS, alg?: DevAlgorithm): string {
    const iat = Math.floor(Date.now() / 1000);
    const payload = {
      iss: this.state.issuer,
      sub,
      aud: DEV_USER_CLIENT_ID,
      iat,
      auth_time: iat,
      exp: iat + expiresIn,
      nonce: randomUUID(),
    };
    return signCompactJws(this.key(alg), 'JWT', payload);
  }

  private base(
    sub: string,
    clientId: string,
    scopes: readonly string[] = [],
    expiresIn = DEV_TOKEN_LIFETIME_SECONDS,
  ): Record<string, unknown> {
    const iat = Math.floor(Date.now() / 1000);
    const { issuer: iss, audience: aud } = this.state;
    const payload: Record<string, unknown> = { iss, sub, aud, client_id: clientId, iat };
    Object.assign(payload, { exp: iat + expiresIn, jti: randomUUID() });
    if (scopes.length > 0) payload.scope = scopes.join(' ');
    return payload;
  }

  private key(alg: DevAlgorithm = this.state.alg): DevKey {
    const key = this.keys.find((candidate) => candidate.alg === alg);
    if (key === undefined) throw new Error(`The development issuer has no ${alg} key`);
    return key;
  }
}
