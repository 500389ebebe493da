import type { ClientProxy } from '@nestjs/microservices';
import { connect } from 'node:net';
import { firstValueFrom } from 'rxjs';

/** What a caller receives: `{ answer }`, or `{ error }` as the client library hands it over. */
export type RpcOutcome = { answer: unknown } | { error: unknown };

/** Sends a TCP message and waits for the answer or the error. */
export async function callTcp(client: ClientProxy, pattern: string, data: unknown) {
  try {
    return { answer: await firstValueFrom(client.send(pattern, data)) } as RpcOutcome;
  } catch (error) {
    return { error } as RpcOutcome;
  }
}

/** A TCP refusal as the client receives it: the RpcException's `{ status, code, message }`. */
export function refusal(status: number, code: string, extra: object = {}): RpcOutcome {
  return { error: { status, code, message: expect.any(String), ...extra } };
}

/** Waits until `done()` holds (events have no answer to wait for). */
export async function waitFor(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Sends one packet over a raw TCP socket in Nest's framing (`<length>#<json>`), as a client
 * that is not Nest's would (no payload, a payload Nest's client refuses), and returns the
 * first packet answered.
 */
export async function rawTcpCall(port: number, packet: object): Promise<unknown> {
  const socket = connect(port, '127.0.0.1');
  const json = JSON.stringify(packet);
  socket.write(`${json.length}#${json}`);
  let buffer = '';
  try {
    return await new Promise((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        const hash = buffer.indexOf('#');
        const length = Number(buffer.slice(0, hash));
        if (hash > 0 && buffer.length - hash - 1 >= length) {
          resolve(JSON.parse(buffer.slice(hash + 1, hash + 1 + length)));
        }
      });
    });
  } finally {
    socket.destroy();
  }
}
