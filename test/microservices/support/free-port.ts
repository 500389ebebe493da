import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 now (Nest's TCP and gRPC servers take a port, not 0 and a
 * callback that tells which one they got).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
