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

/**
 * GETs a JSON document with a timeout on the whole exchange (a server that trickles
 * bytes cannot hold it) and a cap on its size. Used for discovery and as jwks-rsa's
 * `fetcher`, whose own `timeout` only notices an idle socket.
 */
export async function fetchJson(url: string, limits: FetchLimits): Promise<unknown> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let text: string;
  try {
    const response = await fetch(url, {
      signal,
      headers: { accept: 'application/json' },
      redirect: 'follow',
    });
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
