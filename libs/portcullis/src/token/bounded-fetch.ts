import { logSafe } from '../common/log-safe';

/** Why a JWKS or discovery fetch failed. Internal: requests see a 503, the log sees this. */
export class KeyFetchError extends Error {
  override readonly name = 'KeyFetchError';
}

/** Limits of one fetch. */
export interface FetchLimits {
  /** Whole-request timeout: connecting, headers and body together. */
  timeoutMs: number;
  /** Largest body accepted. */
  maxBytes: number;
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new KeyFetchError(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Redirects one fetch follows at most; a key or discovery URL that redirects more is broken. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * What is wrong with fetching `target` when `from` led to it (a redirect's source, or the
 * issuer whose discovery document names it), if anything: `not-http` for any URL but http(s)
 * (a `data:` URL would be the document itself, written by whoever answered), `downgrade` for
 * plain `http` after `https`, where anyone on the way could answer with keys of their own.
 */
export function unsafeTarget(from: string, target: URL): 'not-http' | 'downgrade' | undefined {
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return 'not-http';
  if (target.protocol === 'http:' && new URL(from).protocol === 'https:') return 'downgrade';
  return undefined;
}

/**
 * Where a redirect from `from` to `location` (its `Location` header) may lead, or the
 * `KeyFetchError` that ends the fetch: a URL {@link unsafeTarget} finds nothing wrong with.
 */
export function redirectTarget(from: string, location: string | null): string {
  const source = logSafe(from);
  if (location === null) throw new KeyFetchError(`${source} redirects without a Location`);
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new KeyFetchError(`${source} redirects to an invalid URL`);
  }
  const problem = unsafeTarget(from, target);
  if (problem === 'not-http') {
    throw new KeyFetchError(`${source} redirects to a URL that is not http(s)`);
  }
  if (problem === 'downgrade') {
    throw new KeyFetchError(`${source} redirects to plain http (${logSafe(target.href)})`);
  }
  return target.href;
}

/** The answer of `url`, redirects followed by {@link redirectTarget}'s rules. */
async function fetchFollowing(url: string, signal: AbortSignal): Promise<Response> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const response = await fetch(current, {
      signal,
      headers: { accept: 'application/json' },
      redirect: 'manual',
    });
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    await response.body?.cancel();
    if (redirects === MAX_REDIRECTS) {
      throw new KeyFetchError(`${url}: more than ${MAX_REDIRECTS} redirects`);
    }
    current = redirectTarget(current, response.headers.get('location'));
  }
}

/**
 * GETs a JSON document with a timeout on the whole exchange (a server that trickles
 * bytes cannot hold it), a cap on its size, and at most {@link MAX_REDIRECTS} redirects, none
 * of them from `https` to `http`. Used for discovery and as jwks-rsa's `fetcher`, whose own
 * `timeout` only notices an idle socket.
 */
export async function fetchJson(url: string, limits: FetchLimits): Promise<unknown> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let text: string;
  try {
    const response = await fetchFollowing(url, signal);
    if (!response.ok) {
      await response.body?.cancel();
      throw new KeyFetchError(`${url} answered ${response.status}`);
    }
    text = await readLimited(response, limits.maxBytes);
  } catch (error) {
    if (error instanceof KeyFetchError) throw error;
    const reason = signal.aborted
      ? `no complete answer within ${limits.timeoutMs} ms`
      : 'unreachable';
    throw new KeyFetchError(`${url}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new KeyFetchError(`${url} did not answer JSON`);
  }
}
