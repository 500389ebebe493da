import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from 'nest-portcullis/testing';

type IssuerOptions = Parameters<typeof TestIssuer.start>[0];

/** The issuer of a describe block, and the apps its tests start. */
export interface IssuerScope {
  /** The running issuer (started in `beforeAll`). */
  readonly issuer: TestIssuer;
  /** Keeps `app` to be closed after the current test; returns it. */
  closeAfterTest(app: INestApplication): INestApplication;
}

/** An issuer and one app on it, for a describe block. */
export interface IssuerAndApp {
  readonly issuer: TestIssuer;
  readonly app: INestApplication;
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is started in beforeAll: read it in a test`);
  return value;
}

/**
 * Starts a `TestIssuer` before the block's tests and stops it after them; after each test
 * closes the apps handed to `closeAfterTest` and restores the issuer (no outage carries over).
 */
export function issuerPerSuite(options?: IssuerOptions): IssuerScope {
  let issuer: TestIssuer | undefined;
  const apps: INestApplication[] = [];
  beforeAll(async () => {
    issuer = await TestIssuer.start(options);
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
    await issuer?.restore();
  });
  afterAll(() => issuer?.stop());
  return {
    get issuer() {
      return started(issuer, 'the issuer');
    },
    closeAfterTest(app) {
      apps.push(app);
      return app;
    },
  };
}

/**
 * Starts a `TestIssuer` and the app `startApp` builds on it before the block's tests; closes
 * both after them. The block's tests share them: use {@link issuerPerSuite} for an app per test.
 */
export function issuerAndApp(
  startApp: (issuer: TestIssuer) => Promise<INestApplication>,
  options?: IssuerOptions,
): IssuerAndApp {
  let issuer: TestIssuer | undefined;
  let app: INestApplication | undefined;
  beforeAll(async () => {
    issuer = await TestIssuer.start(options);
    app = await startApp(issuer);
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });
  return {
    get issuer() {
      return started(issuer, 'the issuer');
    },
    get app() {
      return started(app, 'the app');
    },
  };
}
