/**
 * The part of oidc-provider 9 these tests use. The package ships no type declarations;
 * this describes only what `oidc-test-provider.ts` calls (checked against its lib/ sources).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** A registered client (lib/models/client.js). */
  export interface Client {
    readonly clientId: string;
  }

  /** An ID token about to be issued (lib/models/id_token.js). */
  export interface IdToken {
    /** Space-delimited scopes that select the claims put in the token (`openid` gives `sub`). */
    scope?: string;
    /** Adds a claim outside the scope mask. */
    set(claim: string, value: unknown): void;
    /** Signs the token with the provider's key for the client's `id_token_signed_response_alg`. */
    issue(options: { use: 'idtoken' }): Promise<string>;
  }

  /** The provider: a Koa application with OpenID Connect models attached. */
  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    readonly Client: { find(clientId: string): Promise<Client | undefined> };
    readonly IdToken: new (claims: Record<string, unknown>, options: { client: Client }) => IdToken;
    /** The Node request listener (Koa's `app.callback()`). */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }

  export default Provider;
}
