import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { parseDemoConfig } from '../../src/infra/config/env-config';
import { startDemo } from '../../src/infra/startup/start-demo';

/** Two consecutive free loopback ports: the API's and the development issuer's (PORT + 1). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    if (port < 65535) return port;
  }
}

function occupy(port: number): Promise<Server> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

describe('starting the demo', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'portcullis-start-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('serves on PORT and publishes issuer.json for the token CLI once listening', async () => {
    const port = await freePortPair();
    const dir = join(root, '.dev-issuer');
    const { app, devIssuer } = await startDemo(parseDemoConfig({ PORT: String(port) }), {
      devIssuerDir: dir,
      quiet: true,
    });
    try {
      expect(devIssuer?.issuer).toBe(`http://127.0.0.1:${port + 1}`);
      expect(existsSync(join(dir, 'issuer.json'))).toBe(true);
      await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
    } finally {
      await app.close();
      await devIssuer?.stop();
    }
  });

  it('stops with a message naming PORT when the API port is taken, leaving nothing behind', async () => {
    const port = await freePortPair();
    const dir = join(root, '.dev-issuer');
    const squatter = await occupy(port);
    try {
      await expect(
        startDemo(parseDemoConfig({ PORT: String(port) }), { devIssuerDir: dir, quiet: true }),
      ).rejects.toThrow(/PORT.*is taken/);
      expect(existsSync(join(dir, 'issuer.json'))).toBe(false);
      // The development issuer it had started is closed again: its port is free.
      const again = await occupy(port + 1);
      await new Promise<void>((resolve) => again.close(() => resolve()));
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
