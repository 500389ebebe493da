import type { Server } from 'node:http';
import { DEV_JWKS_PATH, serveDevIssuer } from './dev-issuer.server';
import { readDevIssuerState, writeDevIssuerState } from './dev-issuer.state';
import { DEV_ALGORITHMS, loadOrCreateDevKeys, type DevAlgorithm, type DevKey } from './dev-keys';
import { DevTokenMinter } from './dev-token-minter';

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
 * The embedded development issuer: persistent keys in `.dev-issuer/`, discovery and JWKS on
 * 127.0.0.1, and a minter for tokens the demo accepts. For local use only: anyone who can
 * read the folder can mint tokens.
 */
export class DevIssuer {
  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    /** Mints tokens signed with this issuer's keys. */
    readonly minter: DevTokenMinter,
  ) {}

  /**
   * Loads (or creates) the keys and starts serving. `issuer.json`, which the token CLI reads,
   * is written only by {@link publish}: a start that fails later (the API's port is taken)
   * must not point the CLI at an issuer that is gone.
   */
  static async start(options: DevIssuerOptions): Promise<DevIssuer> {
    const dir = options.dir ?? DEV_ISSUER_DIR;
    const keys = loadOrCreateDevKeys(dir);
    let issuer = '';
    const { server, port } = await serveDevIssuer(options.port, {
      discovery: () => discoveryDocument(issuer),
      jwks: () => ({ keys: keys.map((key) => key.jwk) }),
    });
    issuer = `http://127.0.0.1:${port}`;
    const state = {
      issuer,
      audience: DEV_AUDIENCE,
      rolesClaim: options.rolesClaim ?? 'roles',
      permissionsClaim: options.permissionsClaim ?? 'permissions',
      alg: options.alg ?? 'RS256',
    };
    return new DevIssuer(server, dir, new DevTokenMinter(state, keys));
  }

  /**
   * A minter for the issuer the demo last started in `dir` (used by the token CLI, which
   * runs while the demo serves the keys); `undefined` if it never started there.
   */
  static minterFor(dir: string = DEV_ISSUER_DIR): DevTokenMinter | undefined {
    const state = readDevIssuerState(dir);
    if (state === undefined) return undefined;
    const keys: DevKey[] = loadOrCreateDevKeys(dir);
    return new DevTokenMinter(state, keys);
  }

  /** The `iss` of its tokens: `http://127.0.0.1:<port>`. */
  get issuer(): string {
    return this.minter.state.issuer;
  }

  /** The `aud` of its access tokens. */
  get audience(): string {
    return this.minter.state.audience;
  }

  /** The JWKS URL. */
  get jwksUri(): string {
    return `${this.issuer}${DEV_JWKS_PATH}`;
  }

  /** Writes `issuer.json`, so that the token CLI mints tokens for this running issuer. */
  publish(): void {
    writeDevIssuerState(this.dir, this.minter.state);
  }

  /** Stops serving (open keep-alive connections are closed too). */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}${DEV_JWKS_PATH}`,
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...DEV_ALGORITHMS],
  };
}
