import { OfflineMinter, TestIssuer } from 'nest-portcullis/testing';
import { readDevIssuerState, writeDevIssuerState, type DevIssuerState } from './dev-issuer.state';
import { DEV_ALGORITHMS, loadOrCreateDevKeys, type DevAlgorithm } from './dev-keys';
import { DEV_USER_CLIENT_ID, DevTokenMinter } from './dev-token-minter';

/** The folder of the development issuer's keys, relative to the project root. */
export const DEV_ISSUER_DIR = '.dev-issuer';
/** The `aud` of development access tokens. */
export const DEV_AUDIENCE = 'portcullis-demo-api';

/** How {@link DevIssuer.start} runs. */
export interface DevIssuerOptions {
  /** Where keys and `issuer.json` are kept. Default {@link DEV_ISSUER_DIR} (from the cwd). */
  readonly dir?: string;
  /** The loopback port; 0 for any free one. */
  readonly port: number;
  /** Where tokens put roles (the demo's `AUTH_ROLES_CLAIM`). Default `roles`. */
  readonly rolesClaim?: string;
  /** Where tokens put permissions. Default `permissions`. */
  readonly permissionsClaim?: string;
  /** The algorithm tokens are signed with by default. Default RS256. */
  readonly alg?: DevAlgorithm;
}

/**
 * The embedded development issuer: the testing kit's issuer (discovery and JWKS on
 * 127.0.0.1), kept running with what a long-lived demo adds to it: keys persisted in
 * `.dev-issuer/`, a fixed port, and `issuer.json` for the token CLI. For local use only:
 * anyone who can read the folder can mint tokens.
 */
export class DevIssuer {
  private constructor(
    private readonly server: TestIssuer,
    private readonly dir: string,
    /** Mints tokens signed with this issuer's keys. */
    readonly minter: DevTokenMinter,
  ) {}

  /**
   * Loads (or creates) the keys and starts serving. `issuer.json`, which the token CLI reads,
   * is written only by {@link publish}: a start that fails later (the API's port is taken)
   * must not point the CLI at an issuer that is gone.
   * @throws the listen error (`code: 'EADDRINUSE'`) when the port is taken
   */
  static async start(options: DevIssuerOptions): Promise<DevIssuer> {
    const dir = options.dir ?? DEV_ISSUER_DIR;
    const server = await TestIssuer.start({
      port: options.port,
      keys: loadOrCreateDevKeys(dir),
      algorithms: DEV_ALGORITHMS,
      audience: DEV_AUDIENCE,
      clientId: DEV_USER_CLIENT_ID,
    });
    const state: DevIssuerState = {
      issuer: server.issuer,
      audience: DEV_AUDIENCE,
      rolesClaim: options.rolesClaim ?? 'roles',
      permissionsClaim: options.permissionsClaim ?? 'permissions',
      alg: options.alg ?? 'RS256',
    };
    return new DevIssuer(server, dir, new DevTokenMinter(state, server));
  }

  /**
   * A minter for the issuer the demo last started in `dir` (used by the token CLI, which
   * runs while the demo serves the keys); `undefined` if it never started there.
   */
  static minterFor(dir: string = DEV_ISSUER_DIR): DevTokenMinter | undefined {
    const state = readDevIssuerState(dir);
    if (state === undefined) return undefined;
    const { issuer, audience } = state;
    const keys = loadOrCreateDevKeys(dir);
    const kit = OfflineMinter.create({ issuer, audience, clientId: DEV_USER_CLIENT_ID, keys });
    return new DevTokenMinter(state, kit);
  }

  /** The `iss` of its tokens: `http://127.0.0.1:<port>`. */
  get issuer(): string {
    return this.server.issuer;
  }

  /** The `aud` of its access tokens. */
  get audience(): string {
    return this.server.audience;
  }

  /** The JWKS URL. */
  get jwksUri(): string {
    return this.server.jwksUri;
  }

  /** Writes `issuer.json`, so that the token CLI mints tokens for this running issuer. */
  publish(): void {
    writeDevIssuerState(this.dir, this.minter.state);
  }

  /** Stops serving (open keep-alive connections are closed too). */
  async stop(): Promise<void> {
    await this.server.stop();
  }
}
