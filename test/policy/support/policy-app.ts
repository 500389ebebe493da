import type { INestApplication } from '@nestjs/common';
import type { PortcullisOptions } from 'nest-portcullis';
import type { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { startApp, type Platform, type ScenarioApp } from '../../support/platforms';
import { appPolicy } from './app-policy';
import { MiscController, NotesController, UsersController } from './controllers';
import { NotesLoader, UsersLoader } from './loaders';
import { PermissionStore } from './permission-store';
import { NotesRepository, UsersRepository } from './repositories';

/** The users/notes app behind Portcullis with `appPolicy`; options merge over the defaults. */
export function policyScenario(
  issuer: TestIssuer,
  overrides: Partial<PortcullisOptions> = {},
): ScenarioApp {
  return {
    imports: [issuer.module({ policy: appPolicy, ...overrides })],
    controllers: [UsersController, NotesController, MiscController],
    providers: [UsersRepository, NotesRepository, UsersLoader, NotesLoader, PermissionStore],
  };
}

/** Starts the users/notes app on a platform. */
export function startPolicyApp(
  platform: Platform,
  issuer: TestIssuer,
  overrides: Partial<PortcullisOptions> = {},
): Promise<INestApplication> {
  return startApp(platform, policyScenario(issuer, overrides));
}

/** What a user token carries. */
export interface UserClaims {
  scope?: string;
  permissions?: string[];
  roles?: string[];
}

/** A user access token for `sub`. */
export function userToken(issuer: TestIssuer, sub: string, claims: UserClaims = {}): string {
  return issuer.mintAccessToken({ sub, scope: '', permissions: [], roles: [], ...claims });
}

/** A supertest agent on the app, with `token` as the bearer token. */
export function as(app: INestApplication, token: string) {
  const server = app.getHttpServer();
  const auth = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
  return {
    get: (path: string) => auth(request(server).get(path)),
    patch: (path: string, body: object) => auth(request(server).patch(path).send(body)),
    put: (path: string, body: object) => auth(request(server).put(path).send(body)),
    delete: (path: string) => auth(request(server).delete(path)),
  };
}

/** The parts of an answer the tests assert. */
export function answerOf(response: request.Response): {
  status: number;
  code: unknown;
  challenge: string | undefined;
} {
  return {
    status: response.status,
    code: (response.body as { code?: unknown }).code,
    challenge: response.headers['www-authenticate'],
  };
}
