import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';
import request, { type Response } from 'supertest';
import { AppModule, type DemoAuthOptions } from '../../src/app.module';
import { NotesRepository } from '../../src/data/notes.repository';
import { UsersRepository } from '../../src/data/users.repository';
import { configureDemoHttp } from '../../src/infra/startup/configure-http';
import { CollectingLogger } from '../support/collecting-logger';
import { startApp, type Platform } from '../support/platforms';

/** Every scope of the demo. */
export const ALL_SCOPES = ['read:users', 'write:users', 'read:notes', 'write:notes'] as const;
export type DemoScope = (typeof ALL_SCOPES)[number];

/** The callers of the walkthrough; those with `client: true` are client-credentials tokens. */
export const CALLERS = {
  alice: { sub: 'alice' },
  bob: { sub: 'bob' },
  /** carol is an admin. */
  carol: { sub: 'carol', roles: ['admin'] },
  /** sam works in support (not a stored user). */
  sam: { sub: 'sam', roles: ['support'] },
  /** bob again, with the `read:users` permission in his token. */
  bobReader: { sub: 'bob', permissions: ['read:users'] },
  service: { client: true },
  /** a client whose token carries the role admin: roles reach users only, so it gets nothing. */
  adminService: { client: true, roles: ['admin'] },
  /** a client whose `sub` is alice's id, with the role admin: it owns nothing of hers. */
  aliceService: { client: true, sub: 'alice', roles: ['admin'] },
} as const;
export type CallerName = keyof typeof CALLERS;

type CallerClaims = {
  readonly client?: true;
  readonly sub?: string;
  readonly roles?: readonly string[];
  readonly permissions?: readonly string[];
};
/** The demo app on one platform, trusting a {@link TestIssuer}. */
export class DemoHarness {
  private constructor(
    readonly issuer: TestIssuer,
    readonly app: INestApplication,
  ) {}

  /** Starts a test issuer and the demo's AppModule pointed at it. */
  static async start(
    platform: Platform,
    overrides: Partial<DemoAuthOptions> = {},
    /** More set-up before the app starts (the gateway test sets its WebSocket adapter). */
    configure?: (app: INestApplication) => void,
  ): Promise<DemoHarness> {
    const issuer = await TestIssuer.start();
    try {
      const graphql = { platform, queryCache: false };
      const app = await startApp(platform, {
        imports: [AppModule.register(issuer.moduleOptions(overrides), graphql)],
        // As `startDemo` does: the body depth bound, media types, no X-Powered-By.
        configure: (created) => {
          configureDemoHttp(created);
          configure?.(created);
        },
      });
      return new DemoHarness(issuer, app);
    } catch (error) {
      await issuer.stop();
      throw error;
    }
  }

  /** A token of `caller` holding `scopes` (default: every scope). */
  token(caller: CallerName, scopes: readonly string[] = ALL_SCOPES): string {
    const scope = scopes.join(' ');
    const { client, ...claims }: CallerClaims = CALLERS[caller];
    if (client === true) return this.issuer.mintClientToken({ ...claims, scope });
    return this.issuer.mintAccessToken({ ...claims, scope });
  }

  /** Sends a request as `caller` (or with no token when `caller` is undefined). */
  async send(
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    caller?: CallerName,
    options: { scopes?: readonly string[]; body?: unknown } = {},
  ): Promise<Response> {
    let req = request(this.app.getHttpServer())[method](path);
    if (caller !== undefined)
      req = req.set('Authorization', `Bearer ${this.token(caller, options.scopes)}`);
    if (options.body !== undefined) req = req.send(options.body as object);
    return req;
  }

  /** What an admin with every scope reads at `path`: to check that a refused write changed nothing. */
  async adminRead(path: string): Promise<unknown> {
    const res = await this.send('get', path, 'carol');
    return res.status === 200 ? res.body : res.status;
  }

  /** Puts the seed data back (alice, bob, carol; n1, n2). */
  reset(): void {
    this.app.get(UsersRepository).reset();
    this.app.get(NotesRepository).reset();
  }

  /** Stops the app and the issuer. */
  async stop(): Promise<void> {
    await this.app.close();
    await this.issuer.stop();
  }
}

/** Every error answers exactly `{ statusCode, code, message }`. */
export function expectError(res: Response, statusCode: number, code: string): void {
  expect({ status: res.status, body: res.body }).toEqual({
    status: statusCode,
    body: { statusCode, code, message: expect.any(String) },
  });
}

/** 403 `insufficient_scope`, with the challenge naming the route's scope. */
export function expectInsufficientScope(res: Response, scope: DemoScope): void {
  expectError(res, 403, 'PORTCULLIS_INSUFFICIENT_SCOPE');
  expect(res.headers['www-authenticate']).toMatch(
    /^Bearer realm="api", error="insufficient_scope"/,
  );
  expect(res.headers['www-authenticate']).toContain(`scope="${scope}"`);
}

/** Every scope but one. */
export const without = (scope: DemoScope): DemoScope[] => ALL_SCOPES.filter((s) => s !== scope);

/**
 * Starts the demo on `platform` for the enclosing `describe`, its Nest logs collected: hands
 * the started demo to `onStart`, resets its data and the logs before each test, and stops it
 * after the last one. Returns the logs.
 *
 * @example
 * let demo: DemoHarness;
 * const logs = demoWithLogs(platform, (started) => (demo = started));
 */
export function demoWithLogs(
  platform: Platform,
  onStart: (demo: DemoHarness) => void,
): CollectingLogger {
  const logs = new CollectingLogger();
  let demo: DemoHarness | undefined;
  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
    demo.app.useLogger(logs);
    onStart(demo);
  });
  afterAll(() => demo?.stop());
  beforeEach(() => {
    demo?.reset();
    logs.clear();
  });
  return logs;
}
