import { PortcullisConfigError } from '../errors/portcullis-config.error';

/** Options of {@link ClientCredentialsToken}. */
export interface ClientCredentialsOptions {
  /** The issuer's token endpoint (`token_endpoint` of its discovery document). */
  readonly tokenEndpoint: string;
  readonly clientId: string;
  /** Sent with HTTP Basic authentication (`client_secret_basic`), never in a log. */
  readonly clientSecret: string;
  /** The scopes asked for, space-separated or as a list. Default: none (the client's defaults). */
  readonly scope?: string | readonly string[];
  /** `audience` for issuers that need it to issue a JWT for an API (Auth0). Default: none. */
  readonly audience?: string;
  /** A new token is fetched this many seconds before the current one expires. Default 30. */
  readonly refreshBeforeSeconds?: number;
  /** The whole request's timeout, in milliseconds. Default 5000. */
  readonly timeoutMs?: number;
}

/** The token endpoint did not answer with a token. The message never holds the secret. */
export class ClientCredentialsError extends Error {
  override readonly name = 'ClientCredentialsError';
}

const MAX_BODY_CHARS = 64 * 1024;

interface HeldToken {
  readonly token: string;
  /** When to fetch the next one, in ms since the epoch. */
  readonly refreshAtMs: number;
}

/** RFC 6749 section 2.3.1: id and secret are form-encoded before Basic encoding. */
function basicAuth(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

function checkOptions(options: ClientCredentialsOptions): void {
  for (const name of ['tokenEndpoint', 'clientId', 'clientSecret'] as const) {
    if (typeof options[name] !== 'string' || options[name].length === 0) {
      throw new PortcullisConfigError(`ClientCredentialsToken: ${name} must be a non-empty string`);
    }
  }
  if (!/^https?:\/\//.test(options.tokenEndpoint)) {
    throw new PortcullisConfigError('ClientCredentialsToken: tokenEndpoint must be an http(s) URL');
  }
}

/**
 * A service's own access token (OAuth 2.0 client credentials, RFC 6749 section 4.4), for
 * calls it makes on its own behalf: fetched from the token endpoint, kept until shortly
 * before it expires (`expires_in`; a token answered without it is not kept), fetched once
 * for concurrent callers. A failed fetch is not kept either: the next call asks again.
 *
 * @example
 * ```ts
 * const serviceToken = new ClientCredentialsToken({ tokenEndpoint, clientId, clientSecret, scope: 'read:notes' });
 * this.client.send('notes.list', withAccessToken({}, await serviceToken.get()));
 * ```
 */
export class ClientCredentialsToken {
  private held: HeldToken | undefined;
  private pending: Promise<HeldToken> | undefined;

  constructor(private readonly options: ClientCredentialsOptions) {
    checkOptions(options);
  }

  /** The current token, fetched when there is none or it is about to expire. */
  async get(): Promise<string> {
    const held = this.held;
    if (held !== undefined && Date.now() < held.refreshAtMs) return held.token;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    this.held = await this.pending;
    return this.held.token;
  }

  /** Forgets the held token (say, after the API refused it): the next `get` fetches one. */
  clear(): void {
    this.held = undefined;
  }

  private async fetchToken(): Promise<HeldToken> {
    const { tokenEndpoint, clientId, clientSecret, scope, audience } = this.options;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope !== undefined) form.set('scope', typeof scope === 'string' ? scope : scope.join(' '));
    if (audience !== undefined) form.set('audience', audience);
    const startedMs = Date.now();
    let text: string;
    let status: number;
    try {
      const response = await fetch(tokenEndpoint, {
        method: 'POST',
        headers: {
          authorization: basicAuth(clientId, clientSecret),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        redirect: 'error',
      });
      status = response.status;
      text = await response.text();
    } catch {
      throw new ClientCredentialsError(`${tokenEndpoint}: no answer`);
    }
    if (status !== 200 || text.length > MAX_BODY_CHARS) {
      throw new ClientCredentialsError(`${tokenEndpoint} answered ${status}`);
    }
    return this.heldFrom(text, startedMs);
  }

  private heldFrom(text: string, startedMs: number): HeldToken {
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new ClientCredentialsError(`${this.options.tokenEndpoint} did not answer JSON`);
    }
    const token = body?.access_token;
    if (typeof token !== 'string' || token.length === 0) {
      throw new ClientCredentialsError(`${this.options.tokenEndpoint} sent no access_token`);
    }
    // Counted from when the request left: the token's clock started before the answer came.
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in : 0;
    const margin = Math.min(this.options.refreshBeforeSeconds ?? 30, lifetime / 2);
    return { token, refreshAtMs: startedMs + (lifetime - margin) * 1000 };
  }
}
