import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwtParts } from 'nest-portcullis/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { runTokenCli } from '../../src/infra/cli/token-cli';
import { authOptionsFor } from '../../src/infra/config/auth-options';
import { parseDemoConfig } from '../../src/infra/config/env-config';
import { DevIssuer } from '../../src/infra/dev-issuer/dev-issuer';
import { curlExamples, walkthroughTokens } from '../../src/infra/startup/curl-examples';
import { startApp } from '../support/platforms';

/** Runs the token CLI in-process; what it printed and its exit code. */
function tokenCli(
  dir: string,
  ...args: string[]
): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runTokenCli(args, {
    dir,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('the development issuer and the token CLI', () => {
  let root: string;
  let dir: string;
  let issuer: DevIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'portcullis-demo-'));
    dir = join(root, '.dev-issuer');
    issuer = await DevIssuer.start({ dir, port: 0 });
    issuer.publish();
    const config = parseDemoConfig({});
    app = await startApp('express', {
      imports: [AppModule.register(authOptionsFor(config, issuer))],
    });
  });
  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const me = (token: string) =>
    request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${token}`);

  it('keeps its keys in a folder only the owner can read', () => {
    expect(mode(dir)).toBe(0o700);
    for (const file of ['rs256.private.pem', 'es256.private.pem', 'issuer.json']) {
      expect(mode(join(dir, file))).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(join(dir, 'issuer.json'), 'utf8'))).toEqual({
      issuer: issuer.issuer,
      audience: 'portcullis-demo-api',
      rolesClaim: 'roles',
      permissionsClaim: 'permissions',
      alg: 'RS256',
    });
  });

  it('serves discovery and a JWKS of public keys on 127.0.0.1', async () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = await (
      await fetch(`${issuer.issuer}/.well-known/openid-configuration`)
    ).json();
    expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
    const jwks = (await (await fetch(issuer.jwksUri)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys.map((key) => [key.kty, key.alg, key.use])).toEqual([
      ['RSA', 'RS256', 'sig'],
      ['EC', 'ES256', 'sig'],
    ]);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  });

  it('reuses its keys at the next start', async () => {
    const other = join(root, 'other');
    const kidsOf = async (dev: DevIssuer): Promise<string[]> => {
      const jwks = (await (await fetch(dev.jwksUri)).json()) as { keys: { kid: string }[] };
      return jwks.keys.map((key) => key.kid);
    };
    const first = await DevIssuer.start({ dir: other, port: 0 });
    const kids = await kidsOf(first);
    const pem = readFileSync(join(other, 'rs256.private.pem'), 'utf8');
    await first.stop();
    const second = await DevIssuer.start({ dir: other, port: 0 });
    try {
      expect(await kidsOf(second)).toEqual(kids);
      expect(readFileSync(join(other, 'rs256.private.pem'), 'utf8')).toBe(pem);
    } finally {
      await second.stop();
    }
  });

  it('the CLI mints a user token the app accepts, printing the token alone', async () => {
    const out = tokenCli(
      dir,
      '--sub',
      'alice',
      '--scope',
      'read:users write:users',
      '--roles',
      'admin',
      '--permissions',
      'read:users',
    );
    expect(out).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+\n$/),
      stderr: '',
    });
    const res = await me(out.stdout.trim());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      sub: 'alice',
      kind: 'user',
      scopes: ['read:users', 'write:users'],
      permissions: ['read:users'],
      roles: ['admin'],
    });
  });

  it('the CLI mints a client-credentials token', async () => {
    const out = tokenCli(dir, '--client', '--scope', 'read:users');
    const res = await request(app.getHttpServer())
      .get('/users/bob')
      .set('Authorization', `Bearer ${out.stdout.trim()}`);
    expect(res.status).toBe(200);
    expect((await me(out.stdout.trim())).body).toMatchObject({
      sub: 'demo-service',
      kind: 'client',
    });
  });

  it('the CLI mints ES256 tokens and sets their lifetime', async () => {
    const token = tokenCli(
      dir,
      '--sub',
      'bob',
      '--alg',
      'ES256',
      '--expires-in',
      '120',
    ).stdout.trim();
    const { header, payload } = decodeJwtParts(token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(120);
    expect((await me(token)).status).toBe(200);
  });

  it('an ID token from the CLI is refused', async () => {
    const token = tokenCli(dir, '--sub', 'alice', '--id-token').stdout.trim();
    const res = await me(token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('PORTCULLIS_INVALID_TOKEN');
  });

  it.each([
    [['--expires-in', '0'], '--expires-in'],
    [['--alg', 'HS256'], '--alg'],
    [['--bogus'], '--bogus'],
    [['--client', '--id-token'], '--client and --id-token'],
  ])(
    'refuses %j with exit code 2, naming the option, and prints nothing on stdout',
    (args, named) => {
      const out = tokenCli(dir, ...args);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain(named);
    },
  );

  it('says to start the demo first when there is no development issuer', () => {
    const out = tokenCli(join(root, 'nothing-here'), '--sub', 'alice');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('npm start');
  });

  it('the start-up tokens work with the printed curl commands', async () => {
    const tokens = walkthroughTokens(issuer.minter);
    const server = request(app.getHttpServer());
    const as = (name: string) => ({ Authorization: `Bearer ${tokens[name]}` });
    expect((await server.get('/me').set(as('ALICE'))).body).toMatchObject({
      sub: 'alice',
      kind: 'user',
    });
    expect((await server.get('/users').set(as('ALICE'))).body).toEqual([
      { id: 'alice', name: 'Alice', plan: 'free' },
    ]);
    expect((await server.get('/users').set(as('CAROL'))).body).toHaveLength(3);
    expect((await server.get('/notes').set(as('BOB'))).body).toEqual([
      { id: 'n2', ownerId: 'bob', text: 'Call the bank' },
    ]);
    expect((await server.get('/users/bob').set(as('SERVICE'))).status).toBe(200);
    const text = curlExamples('http://localhost:3000', tokens);
    for (const [name, token] of Object.entries(tokens))
      expect(text).toContain(`export ${name}='${token}'`);
  });

  it('puts roles and permissions where the demo is told to read them', async () => {
    const custom = await DevIssuer.start({
      dir: join(root, 'custom'),
      port: 0,
      rolesClaim: 'realm_access.roles',
      permissionsClaim: 'https://example.com/permissions',
    });
    custom.publish();
    try {
      const token = tokenCli(
        join(root, 'custom'),
        '--roles',
        'admin',
        '--permissions',
        'read:users',
      );
      expect(decodeJwtParts(token.stdout.trim()).payload).toMatchObject({
        sub: 'alice',
        realm_access: { roles: ['admin'] },
        'https://example.com/permissions': ['read:users'],
      });
    } finally {
      await custom.stop();
    }
  });
});
