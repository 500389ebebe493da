import type { DynamicModule } from '@nestjs/common';
import { PortcullisModule } from '../src/portcullis.module';
import type { PortcullisOptions } from '../src/options/portcullis-options';
import { IssuerServer } from './issuer-server';
import type { JsonObject } from './jwt-forge';
import { KeySet } from './key-set';
import type { OutageMode, OutageTarget } from './outage';
import {
  resolveTestIssuerOptions,
  type ResolvedTestIssuerOptions,
  type TestIssuerOptions,
} from './test-issuer.options';
import { TokenEndpoint, TOKEN_PATH, type ClientRegistration } from './token-endpoint';
import { TokenMinter } from './token-minter';

const DISCOVERY_SUFFIX = '/.well-known/openid-configuration';

/**
 * A real OpenID provider for tests, on 127.0.0.1: discovery, a JWKS of in-memory keys,
 * tokens signed with them, forged tokens, key rotation and outages.
 * @example
 * const issuer = await TestIssuer.start();
 * const app = await Test.createTestingModule({
 *   imports: [issuer.module()],
 * }).compile();
 * await request(server).get('/orders').auth(issuer.mintAccessToken(), { type: 'bearer' });
 * await issuer.stop();
 */
export class TestIssuer extends TokenMinter {
  private server!: IssuerServer;
  private jwksOverride: { readonly document: unknown } | undefined;
  private readonly tokens = new TokenEndpoint((claims, expiresIn) =>
    this.mintClientToken(claims, { expiresIn }),
  );

  private constructor(
    private readonly options: ResolvedTestIssuerOptions,
    keys: KeySet,
  ) {
    super(keys, options.algorithms);
  }

  /**
   * Imports the given keys, creates one for each other algorithm, and starts serving on
   * 127.0.0.1 (a free port unless `port` is given).
   */
  static async start(options?: TestIssuerOptions): Promise<TestIssuer> {
    const resolved = resolveTestIssuerOptions(options);
    const keys = new KeySet(resolved.keyUse);
    for (const key of resolved.keys) keys.importKey(key);
    const imported = new Set(resolved.keys.map((key) => key.alg));
    for (const alg of resolved.algorithms) if (!imported.has(alg)) keys.create(alg);
    const issuer = new TestIssuer(resolved, keys);
    issuer.server = await IssuerServer.start(
      {
        discoveryPath: `${resolved.issuerPath}${DISCOVERY_SUFFIX}`,
        jwksPath: resolved.jwksPath,
        discovery: () => issuer.discoveryDocument(),
        jwks: () => (issuer.jwksOverride ? issuer.jwksOverride.document : keys.jwks()),
        wrongKeys: () => keys.brokenJwks(),
        tokenPath: `${resolved.issuerPath}${TOKEN_PATH}`,
        token: (req, res) => issuer.tokens.answer(req, res),
      },
      resolved.port,
    );
    return issuer;
  }

  /** `http://127.0.0.1:<port><issuerPath>`, without a trailing slash. */
  override get issuer(): string {
    return `${this.origin}${this.options.issuerPath}`;
  }

  /**
   * The token endpoint (client credentials only) of clients added with {@link registerClient}.
   * Not named in the discovery document.
   */
  get tokenEndpoint(): string {
    return `${this.issuer}${TOKEN_PATH}`;
  }

  /** Requests that reached the token endpoint. */
  get tokenRequests(): number {
    return this.tokens.requests;
  }

  /**
   * Lets a client get tokens from {@link tokenEndpoint} with the client credentials grant.
   * @example issuer.registerClient('billing', { clientSecret: 's3cret', scope: 'read:notes' })
   */
  registerClient(clientId: string, registration: ClientRegistration): void {
    this.tokens.register(clientId, registration);
  }

  /** The JWKS URL. */
  get jwksUri(): string {
    return `${this.origin}${this.options.jwksPath}`;
  }

  /** `<issuer>/.well-known/openid-configuration`. */
  get discoveryUri(): string {
    return `${this.issuer}${DISCOVERY_SUFFIX}`;
  }

  /** The API audience of access tokens. */
  override get audience(): string {
    return this.options.audience;
  }

  /** The client id of minted tokens. */
  override get clientId(): string {
    return this.options.clientId;
  }

  /** The server's port (kept across `refuse` outages). */
  get port(): number {
    return this.server.listeningPort;
  }

  /** Requests that reached the JWKS endpoint, outages included (not refused ones). */
  get jwksFetches(): number {
    return this.server.jwksFetches;
  }

  /** Requests that reached the discovery endpoint, outages included (not refused ones). */
  get discoveryFetches(): number {
    return this.server.discoveryFetches;
  }

  /** The outage in force, if any. */
  get outage(): OutageMode | undefined {
    return this.server.outage;
  }

  /** Sets both fetch counters back to zero. */
  resetCounters(): void {
    this.server.jwksFetches = 0;
    this.server.discoveryFetches = 0;
  }

  /**
   * Makes the endpoints fail, from the next request on, until {@link restore}.
   * @param target which endpoint fails; default both
   */
  async simulateOutage(mode: OutageMode, target: OutageTarget = 'all'): Promise<void> {
    await this.server.simulateOutage(mode, target);
  }

  /**
   * Serves `document` as the JWKS, whatever it is, instead of the key set; `undefined`
   * serves the key set again. Objects are sent as JSON, a string as the body text itself.
   * @example issuer.serveJwks({ keys: [{ kty: 'RSA', n, e: 'AQ', kid: 'weak' }] })
   */
  serveJwks(document: unknown): void {
    this.jwksOverride = document === undefined ? undefined : { document };
  }

  /** Serves normally again (after `refuse`, on the same port). */
  async restore(): Promise<void> {
    await this.server.restore();
  }

  /** `{ issuer, audience, jwksUri, ...overrides }` for `PortcullisModule.forRoot`. */
  moduleOptions(overrides?: Partial<PortcullisOptions>): PortcullisOptions {
    return { issuer: this.issuer, audience: this.audience, jwksUri: this.jwksUri, ...overrides };
  }

  /** Like {@link moduleOptions} without `jwksUri`, so keys are found by OIDC discovery. */
  discoveryModuleOptions(overrides?: Partial<PortcullisOptions>): PortcullisOptions {
    return { issuer: this.issuer, audience: this.audience, ...overrides };
  }

  /**
   * `PortcullisModule.forRoot` pointed at this issuer: the one line a testing module needs.
   *
   * @example imports: [issuer.module({ strict: true })]
   */
  module(overrides?: Partial<PortcullisOptions>): DynamicModule {
    return PortcullisModule.forRoot(this.moduleOptions(overrides));
  }

  /** Closes the server, every open connection and every timer. */
  async stop(): Promise<void> {
    await this.server.stop();
  }

  private get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private discoveryDocument(): JsonObject {
    return {
      issuer: this.issuer,
      jwks_uri: this.jwksUri,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: this.options.algorithms,
    };
  }
}
