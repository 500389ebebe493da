import { Agent, maxHeaderSize, request, type OutgoingHttpHeaders } from 'node:http';

/**
 * The longest `Authorization` value that fits Node's header limit with the few other headers
 * these clients send. Above the limit Node itself answers 431 before any app code runs.
 */
export const MAX_AUTHORIZATION_LENGTH = maxHeaderSize - 512;

/** An answer as a client sees it. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/**
 * Sends a GET with any headers through `node:http` itself: every value Node's client
 * accepts goes out as written (latin-1 bytes, repeated headers as separate lines, any name
 * case), where supertest would normalise, merge or refuse some of them. `origin` is
 * `http://127.0.0.1:<port>`.
 */
export function rawGet(
  origin: string,
  path: string,
  headers: OutgoingHttpHeaders | ReadonlyArray<readonly [string, string]> = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, origin);
    const req = request(url, { method: 'GET', agent });
    if (Array.isArray(headers)) {
      // Names differing in case are one header: each value goes out on its own line.
      const byName = new Map<string, { name: string; values: string[] }>();
      for (const [name, value] of headers as ReadonlyArray<readonly [string, string]>) {
        const entry = byName.get(name.toLowerCase()) ?? { name, values: [] };
        entry.values.push(value);
        byName.set(name.toLowerCase(), entry);
      }
      for (const { name, values } of byName.values()) req.setHeader(name, values);
    } else {
      for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) req.setHeader(name, value);
      }
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A bearer request for the protected route. */
export function getWithToken(origin: string, token: string): Promise<RawAnswer> {
  return rawGet(origin, '/whoami', { authorization: `Bearer ${token}` });
}

/** The body parsed as JSON, or the text itself when it is not JSON. */
export function jsonOf(answer: RawAnswer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return answer.body;
  }
}

/** The `code` of a Portcullis error body, or undefined when the body is not one. */
export function errorCode(answer: RawAnswer): string | undefined {
  try {
    const body = JSON.parse(answer.body) as { code?: unknown };
    return typeof body.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

/** Closes the pooled keep-alive sockets (call in `afterAll`). */
export function closeRawClient(): void {
  agent.destroy();
}
