import type { INestApplication, LoggerService } from '@nestjs/common';
import type { PortcullisOptions } from 'nest-portcullis';
import type { TestIssuer } from 'nest-portcullis/testing';
import { PortcullisIoAdapter } from 'nest-portcullis/websockets/socket.io';
import {
  PortcullisWsAdapter,
  type PortcullisWsAdapterOptions,
} from 'nest-portcullis/websockets/ws';
import type { AddressInfo } from 'node:net';
import { appPolicy } from '../../policy/support/app-policy';
import { NotesLoader, UsersLoader } from '../../policy/support/loaders';
import { PermissionStore } from '../../policy/support/permission-store';
import { NotesRepository, UsersRepository } from '../../policy/support/repositories';
import { startApp, type Platform } from '../../support/platforms';
import { NotesGateway, UsersGateway } from './gateways';
import { withSocketModule } from './socket-module';

/** The WebSocket platforms (Nest adapters) every gateway scenario runs on. */
export const WS_PLATFORMS = ['socket.io', 'ws'] as const;
export type WsPlatform = (typeof WS_PLATFORMS)[number];

/** Each WebSocket platform on each HTTP platform. */
export const GATEWAY_MATRIX: ReadonlyArray<readonly [WsPlatform, Platform]> = [
  ['socket.io', 'express'],
  ['socket.io', 'fastify'],
  ['ws', 'express'],
  ['ws', 'fastify'],
];

/** A started gateway app and what the tests look at. */
export interface GatewayApp {
  readonly app: INestApplication;
  readonly port: number;
  readonly notes: NotesRepository;
  readonly users: UsersRepository;
  readonly gateway: NotesGateway;
}

/** Options of {@link startGatewayApp}. */
export interface GatewayAppOptions {
  readonly portcullis?: Partial<PortcullisOptions>;
  readonly ws?: PortcullisWsAdapterOptions;
  /** Nest's logger for the app; silent when absent. */
  readonly logger?: LoggerService;
}

/** The users/notes gateways behind Portcullis, listening on 127.0.0.1. */
export async function startGatewayApp(
  wsPlatform: WsPlatform,
  platform: Platform,
  issuer: TestIssuer,
  options: GatewayAppOptions = {},
): Promise<GatewayApp> {
  const app = await startApp(platform, {
    imports: [issuer.module({ policy: appPolicy, ...options.portcullis })],
    logger: options.logger,
    providers: [
      UsersRepository,
      NotesRepository,
      UsersLoader,
      NotesLoader,
      PermissionStore,
      NotesGateway,
      UsersGateway,
    ],
    configure: (created) => {
      withSocketModule(created);
      created.useWebSocketAdapter(
        wsPlatform === 'socket.io'
          ? new PortcullisIoAdapter(created)
          : new PortcullisWsAdapter(created, options.ws),
      );
    },
  });
  await app.listen(0, '127.0.0.1');
  return {
    app,
    port: (app.getHttpServer().address() as AddressInfo).port,
    notes: app.get(NotesRepository),
    users: app.get(UsersRepository),
    gateway: app.get(NotesGateway),
  };
}
