/** Which application a benchmark child process runs. */
export type BenchAppKind = 'portcullis' | 'textbook' | 'policy' | 'floor';

/** The HTTP platform the application runs on. */
export type BenchPlatform = 'express' | 'fastify';

/**
 * What the parent tells a child process to start, through the `BENCH_APP` environment
 * variable (JSON). The issuer runs in the parent; the child only knows its URLs.
 */
export interface BenchAppConfig {
  kind: BenchAppKind;
  platform: BenchPlatform;
  issuer: string;
  audience: string;
  jwksUri: string;
  /** Verified-token cache size of the Portcullis apps; 0 turns the cache off. */
  tokenCacheEntries: number;
  /** `keys.cooldownSeconds` of the Portcullis apps. */
  cooldownSeconds: number;
}

/** Messages the parent sends to a child. */
export type ParentMessage = { type: 'memory' } | { type: 'cpu' } | { type: 'stop' };

/** Resident and heap memory of a child, measured after garbage collection. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
}

/** Messages a child sends to the parent. */
export type ChildMessage =
  | { type: 'ready'; port: number }
  | ({ type: 'memory' } & MemorySample)
  | { type: 'cpu'; micros: number }
  | { type: 'failed'; message: string };

/** The environment variable the config travels in. */
export const BENCH_APP_ENV = 'BENCH_APP';

/** The small JSON body every benchmarked route answers. */
export const GREETING = { hello: 'world', id: 42 } as const;

/** The permission the textbook route requires and every benchmark token carries. */
export const TEXTBOOK_PERMISSION = 'read:greeting';

/** The `tokenCache` option for a config: `false` when its size is 0. */
export function tokenCacheOption(config: BenchAppConfig): { maxEntries: number } | false {
  return config.tokenCacheEntries === 0 ? false : { maxEntries: config.tokenCacheEntries };
}
