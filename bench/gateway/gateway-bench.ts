import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { PortcullisModule, Public, Scopes } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { PortcullisIoAdapter } from 'nest-portcullis/websockets/socket.io';
import { PortcullisWsAdapter } from 'nest-portcullis/websockets/ws';
import type { AddressInfo } from 'node:net';
import { connect, messagesPerSecond, type Platform } from './message-load';

// `npm run bench:gateway [-- --platform socket.io|ws] [--messages N] [--passes N]`:
// messages per second through a protected `@SubscribeMessage` handler (`@Scopes`, the
// connection's token verified once at its handshake) against a `@Public()` twin on the same
// gateway, over one connection, passes alternated; the ratio of the medians is the result.

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
};
const PLATFORM = arg('platform', 'socket.io') as Platform;
const MESSAGES = Number(arg('messages', '10000'));
const PASSES = Number(arg('passes', '11'));
const TARGET = 0.9;

@WebSocketGateway()
class BenchGateway {
  @Scopes('read:notes')
  @SubscribeMessage('protected')
  guarded(): number {
    return 1;
  }

  @Public()
  @SubscribeMessage('public')
  open(): number {
    return 1;
  }
}

async function startApp(issuer: TestIssuer): Promise<{ app: INestApplication; port: number }> {
  @Module({
    imports: [PortcullisModule.forRoot(issuer.moduleOptions())],
    providers: [BenchGateway],
  })
  class BenchModule {}
  const app = await NestFactory.create(BenchModule, new ExpressAdapter(), { logger: false });
  app.useWebSocketAdapter(
    PLATFORM === 'ws' ? new PortcullisWsAdapter(app) : new PortcullisIoAdapter(app),
  );
  await app.listen(0, '127.0.0.1');
  return { app, port: (app.getHttpServer().address() as AddressInfo).port };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function main(): Promise<void> {
  const issuer = await TestIssuer.start();
  const { app, port } = await startApp(issuer);
  const token = issuer.mintAccessToken({ sub: 'bench', scope: 'read:notes' }, { expiresIn: 3600 });
  const rates: Record<'public' | 'protected', number[]> = { public: [], protected: [] };
  const connection = await connect(PLATFORM, port, token);
  try {
    // Warm-up: both handlers, JIT and the connection's first messages.
    await messagesPerSecond(connection, 'public', MESSAGES / 4);
    await messagesPerSecond(connection, 'protected', MESSAGES / 4);
    for (let pass = 0; pass < PASSES; pass++) {
      // Alternated, and the order swapped each pass: drift on a shared machine hits both.
      const order =
        pass % 2 === 0 ? (['public', 'protected'] as const) : (['protected', 'public'] as const);
      for (const event of order) {
        rates[event].push(await messagesPerSecond(connection, event, MESSAGES));
      }
    }
  } finally {
    connection.close();
    await app.close();
    await issuer.stop();
  }
  const pub = median(rates.public);
  const prot = median(rates.protected);
  // The median of each pass's own ratio: both halves of a pass ran back to back, so a slow
  // spell of the shared machine weighs on one ratio, not on one side of the comparison.
  const ratio = median(rates.protected.map((rate, i) => rate / rates.public[i]));
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `gateway bench on ${PLATFORM}: ${PASSES} passes of ${MESSAGES} messages, one connection`,
  );
  console.log(
    `  @Public()          ${fmt(pub)} msg/s (passes: ${rates.public.map(fmt).join(', ')})`,
  );
  console.log(
    `  @Scopes protected  ${fmt(prot)} msg/s (passes: ${rates.protected.map(fmt).join(', ')})`,
  );
  console.log(
    `  ratio ${ratio.toFixed(2)}x (target >= ${TARGET.toFixed(2)}x): ${ratio >= TARGET ? 'met' : 'MISSED'}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
