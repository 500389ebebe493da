import { Logger, type LoggerService } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchJson, KeyFetchError, MAX_REDIRECTS, redirectTarget } from './bounded-fetch';
import { JwksKeySource } from './jwks-key-source';
import { discoverJwksUri, jwksUriProblem } from './oidc-discovery';

const LIMITS = { timeoutMs: 2000, maxBytes: 10_000 };
const KEYS = { keys: [] };

/**
 * A server on 127.0.0.1 that answers each path as the table says (read at each request): a
 * JSON body, or a redirect (`Location` as given, or none). It counts the requests of each path.
 */
function startServer(
  routes: Record<string, { json: unknown } | { status: number; location?: string }>,
): Promise<{ server: Server; base: string; hits: Map<string, number> }> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route === undefined) {
      res.writeHead(404).end();
    } else if ('json' in route) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route.json));
    } else {
      const headers = route.location === undefined ? {} : { location: route.location };
      res.writeHead(route.status, headers).end('moved');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}`, hits });
    });
  });
}

/** What `fetchJson` gave: the document, or the `KeyFetchError`'s message. */
async function outcome(url: string): Promise<unknown> {
  try {
    return await fetchJson(url, LIMITS);
  } catch (error) {
    if (!(error instanceof KeyFetchError)) throw error;
    return `KeyFetchError: ${error.message}`;
  }
}

describe('fetchJson redirects', () => {
  let server: Server;
  let base: string;
  let hits: Map<string, number>;

  beforeAll(async () => {
    ({ server, base, hits } = await startServer({
      '/jwks': { json: KEYS },
      '/moved': { status: 301, location: '/jwks' },
      '/temporary': { status: 307, location: '/moved' },
      '/loop': { status: 302, location: '/loop' },
      '/nowhere': { status: 302 },
      '/to-data': { status: 302, location: 'data:application/json,{"keys":[]}' },
      '/to-file': { status: 308, location: 'file:///etc/passwd' },
    }));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => hits.clear());

  it('follows redirects between http(s) URLs to the document', async () => {
    await expect(outcome(`${base}/temporary`)).resolves.toEqual(KEYS);
    expect(Object.fromEntries(hits)).toEqual({ '/temporary': 1, '/moved': 1, '/jwks': 1 });
  });

  it(`stops after ${MAX_REDIRECTS} redirects`, async () => {
    await expect(outcome(`${base}/loop`)).resolves.toBe(
      `KeyFetchError: ${base}/loop: more than ${MAX_REDIRECTS} redirects`,
    );
    expect(hits.get('/loop')).toBe(MAX_REDIRECTS + 1);
  });

  it('refuses a redirect without a Location, or to a URL that is not http(s)', async () => {
    await expect(outcome(`${base}/nowhere`)).resolves.toBe(
      `KeyFetchError: ${base}/nowhere redirects without a Location`,
    );
    // A data: URL would be keys written by whoever answers the redirect.
    await expect(outcome(`${base}/to-data`)).resolves.toBe(
      `KeyFetchError: ${base}/to-data redirects to a URL that is not http(s)`,
    );
    await expect(outcome(`${base}/to-file`)).resolves.toBe(
      `KeyFetchError: ${base}/to-file redirects to a URL that is not http(s)`,
    );
  });
});

describe('redirectTarget', () => {
  it('resolves a relative Location against the URL that redirects', () => {
    expect(redirectTarget('https://idp.example/a/jwks', '../keys')).toBe(
      'https://idp.example/keys',
    );
    expect(redirectTarget('http://127.0.0.1:8080/jwks', 'https://idp.example/jwks')).toBe(
      'https://idp.example/jwks',
    );
  });

  it('never leaves https for plain http, where anyone on the way could answer', () => {
    expect(() => redirectTarget('https://idp.example/jwks', 'http://idp.example/jwks')).toThrow(
      new KeyFetchError(
        'https://idp.example/jwks redirects to plain http (http://idp.example/jwks)',
      ),
    );
    expect(redirectTarget('https://idp.example/jwks', '//keys.example/jwks')).toBe(
      'https://keys.example/jwks',
    );
  });

  it('escapes what it writes into the message', () => {
    expect(() =>
      redirectTarget('https://idp.example/jwks', 'http://evil.example/\u202e/jwks'),
    ).toThrow(
      new KeyFetchError(
        'https://idp.example/jwks redirects to plain http (http://evil.example/%E2%80%AE/jwks)',
      ),
    );
  });
});

describe('discovery: the jwks_uri it names', () => {
  it('is refused unless it is an http(s) URL, and plain http only under a plain-http issuer', () => {
    expect(jwksUriProblem('https://idp.example', 'https://keys.idp.example/jwks')).toBeUndefined();
    expect(jwksUriProblem('http://127.0.0.1:9', 'http://127.0.0.1:9/jwks')).toBeUndefined();
    expect(jwksUriProblem('https://idp.example', 'http://idp.example/jwks')).toBe(
      'is plain http where the issuer is https',
    );
    expect(jwksUriProblem('https://idp.example', 'data:application/json,{"keys":[]}')).toBe(
      'is not an http(s) URL',
    );
  });

  it('ends the fetch when a served discovery document names a data: URL', async () => {
    const routes: Parameters<typeof startServer>[0] = {};
    const { server, base } = await startServer(routes);
    routes['/.well-known/openid-configuration'] = {
      json: { issuer: base, jwks_uri: 'data:application/json,{"keys":[]}' },
    };
    try {
      await expect(discoverJwksUri(base, LIMITS)).rejects.toThrow(
        new KeyFetchError("the discovery document's jwks_uri is not an http(s) URL"),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('JwksKeySource: keys over plain http', () => {
  const lines: string[] = [];
  const collecting: LoggerService = {
    log: () => undefined,
    error: (message: string) => lines.push(`error ${message}`),
    warn: (message: string) => lines.push(`warn ${message}`),
  };
  const limits = { ...LIMITS, cooldownMs: 0, refreshIntervalMs: 1, maxStaleMs: 1, maxKeys: 1 };
  const source = (issuer: string, jwksUri?: string) =>
    new JwksKeySource(issuer, jwksUri, limits, Date.now, () => Promise.resolve(KEYS));

  beforeAll(() => Logger.overrideLogger(collecting));
  afterAll(() => Logger.overrideLogger(new Logger()));
  beforeEach(() => (lines.length = 0));

  it('warns once, at construction, when they come from another host than this one', () => {
    source('http://keycloak:8080/realms/demo');
    source('https://idp.example', 'http://keys.idp.example/jwks');
    expect(lines).toEqual([
      'warn Keys of http://keycloak:8080/realms/demo are fetched over plain http from keycloak:8080: ' +
        'anyone on the way can replace them. Use https outside local development.',
      'warn Keys of https://idp.example are fetched over plain http from keys.idp.example: ' +
        'anyone on the way can replace them. Use https outside local development.',
    ]);
  });

  it('says nothing for https, or for plain http that stays on this host', () => {
    source('https://idp.example');
    source('http://issuer.test', 'http://127.0.0.1:4000/jwks');
    source('http://localhost:3000');
    source('http://dev.localhost:3000');
    source('http://[::1]:3000');
    expect(lines).toEqual([]);
  });
});
