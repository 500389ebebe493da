import { SLOW_BYTE_INTERVAL_MS, TestIssuer } from './index';

/** The `cause.code` of a rejected fetch, or the error's name. */
async function failureOf(request: Promise<unknown>): Promise<string> {
  const error = await request.then(
    () => undefined,
    (reason: unknown) => reason as Error & { cause?: { code?: string } },
  );
  if (!error) throw new Error('the request succeeded');
  return error.cause?.code ?? error.name;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('TestIssuer outages', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer.stop());
  beforeEach(() => issuer.resetCounters());
  afterEach(() => issuer.restore());

  it('down: destroys the socket without an answer, and counts the attempt', async () => {
    await issuer.simulateOutage('down');
    expect(await failureOf(fetch(issuer.jwksUri))).toBe('UND_ERR_SOCKET');
    expect(await failureOf(fetch(issuer.discoveryUri))).toBe('UND_ERR_SOCKET');
    expect([issuer.jwksFetches, issuer.discoveryFetches]).toEqual([1, 1]);
    await issuer.restore();
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
  });

  it('refuse: connections are refused, then served again on the same port', async () => {
    const port = issuer.port;
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
    await issuer.simulateOutage('refuse');
    expect(issuer.outage).toBe('refuse');
    expect(await failureOf(fetch(issuer.jwksUri))).toBe('ECONNREFUSED');
    await issuer.restore();
    expect(issuer.port).toBe(port);
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
    expect(issuer.jwksFetches).toBe(2);
  });

  it('status500, garbage and empty answer at once, with the described bodies', async () => {
    await issuer.simulateOutage('status500');
    const failed = await fetch(issuer.jwksUri);
    expect([failed.status, await failed.json()]).toEqual([500, { error: 'server_error' }]);
    await issuer.simulateOutage('garbage');
    const garbage = await fetch(issuer.jwksUri);
    expect(garbage.status).toBe(200);
    await expect(garbage.json()).rejects.toMatchObject({ name: 'SyntaxError' });
    await issuer.simulateOutage('empty');
    expect(await (await fetch(issuer.jwksUri)).json()).toEqual({ keys: [] });
    const discovery = (await (await fetch(issuer.discoveryUri)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(issuer.issuer);
    expect(issuer.jwksFetches).toBe(3);
  });

  it('wrong-keys: only symmetric keys and an encryption RSA key', async () => {
    await issuer.simulateOutage('wrong-keys');
    const { keys } = (await (await fetch(issuer.jwksUri)).json()) as {
      keys: { kty: string; kid: string; use?: string; k?: string; n?: string }[];
    };
    const oct = keys.filter((key) => key.kty === 'oct');
    expect(oct.map((key) => key.kid)).toEqual(issuer.publishedKids);
    for (const key of oct) expect(key.k).toMatch(/^[\w-]{43}$/);
    const rsa = keys.filter((key) => key.kty !== 'oct');
    expect(rsa).toEqual([
      expect.objectContaining({ kty: 'RSA', use: 'enc', n: expect.any(String) }),
    ]);
  });

  it('slow: headers at once, then a valid body one byte at a time, never done in time', async () => {
    await issuer.simulateOutage('slow');
    const started = Date.now();
    const response = await fetch(issuer.jwksUri, { signal: AbortSignal.timeout(1500) });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5 * SLOW_BYTE_INTERVAL_MS);
    const reader = response.body!.getReader();
    let received = '';
    const ended = await (async () => {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return 'complete';
        received += Buffer.from(chunk.value).toString();
      }
    })().catch((error: Error) => error.name);
    expect(ended).toBe('TimeoutError');
    expect(received.length).toBeGreaterThanOrEqual(4);
    expect(received.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(issuer.jwks()).startsWith(received)).toBe(true);
  });

  it('hang: accepts and never answers; restore serves new requests meanwhile', async () => {
    await issuer.simulateOutage('hang');
    const hanging = failureOf(fetch(issuer.jwksUri, { signal: AbortSignal.timeout(800) }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(issuer.jwksFetches).toBe(1);
    await issuer.restore();
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
    expect(await hanging).toBe('TimeoutError');
  });

  it('hits only the targeted endpoint', async () => {
    await issuer.simulateOutage('status500', 'jwks');
    expect((await fetch(issuer.jwksUri)).status).toBe(500);
    expect((await fetch(issuer.discoveryUri)).status).toBe(200);
    await issuer.simulateOutage('status500', 'discovery');
    expect((await fetch(issuer.jwksUri)).status).toBe(200);
    expect((await fetch(issuer.discoveryUri)).status).toBe(500);
  });
});

describe('TestIssuer.stop', () => {
  const count = (type: string): number =>
    process.getActiveResourcesInfo().filter((resource) => resource === type).length;

  it('closes the server, open sockets and timers even mid-outage', async () => {
    const servers = count('TCPServerWrap');
    const setTimer = jest.spyOn(global, 'setInterval');
    const clearTimer = jest.spyOn(global, 'clearInterval');
    const issuer = await TestIssuer.start();
    expect(count('TCPServerWrap')).toBe(servers + 1);
    await issuer.simulateOutage('slow');
    const slow = fetch(issuer.jwksUri).then((response) => response.text());
    await until(() => issuer.jwksFetches === 1);
    await issuer.simulateOutage('hang', 'discovery');
    const hanging = fetch(issuer.discoveryUri);
    await until(() => issuer.discoveryFetches === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopping = Date.now();
    await issuer.stop();
    expect(Date.now() - stopping).toBeLessThan(2000);
    expect(await failureOf(slow)).toBe('UND_ERR_SOCKET');
    expect(await failureOf(hanging)).toBe('UND_ERR_SOCKET');
    expect(count('TCPServerWrap')).toBe(servers);
    const trickles = setTimer.mock.results.map((result) => result.value as unknown);
    expect(trickles).toHaveLength(1);
    expect(clearTimer.mock.calls.map(([timer]) => timer)).toContain(trickles[0]);
    setTimer.mockRestore();
    clearTimer.mockRestore();
    expect(await failureOf(fetch(issuer.jwksUri))).toBe('ECONNREFUSED');
    await issuer.stop();
  });
});
