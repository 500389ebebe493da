// Test fixture shared by the authorization specs: a real Nest DI container holding the
// authorization providers, an in-memory loader, and a transport that records headers.
import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { LoadsResource } from '../decorators/loads-resource.decorator';
import type { PortcullisTransport } from '../guards/transport';
import { PORTCULLIS_AUTHORIZATION_OPTIONS } from '../portcullis.constants';
import type { PortcullisOptions } from '../portcullis.options';
import { userRecord, type UserRecord } from '../policy/app-policy.fixture';
import { AbilityResolver } from './ability-resolver';
import { resolveAuthorizationOptions } from './authorization-options.validation';
import { ResourceLoaderRegistry } from './resource-loader-registry';
import { RouteAuthorizer } from './route-authorizer';

/** Users `alice`, `root`, `billing-app` and `someone-else`; any other id is missing. */
@Injectable()
@LoadsResource('User')
export class FixtureUsersLoader {
  readonly records = new Map(
    ['alice', 'root', 'billing-app', 'someone-else'].map((id) => [id, userRecord(id)]),
  );
  loads = 0;

  load(id: string): UserRecord | undefined {
    this.loads += 1;
    return this.records.get(id);
  }
}

/** Compiles (and initialises) the authorization providers with these options. */
export async function authorizationModule(
  options: Partial<PortcullisOptions>,
  providers: Type<unknown>[] = [FixtureUsersLoader],
): Promise<TestingModule> {
  const resolved = resolveAuthorizationOptions({ issuer: 'x', audience: 'y', ...options });
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      { provide: PORTCULLIS_AUTHORIZATION_OPTIONS, useValue: resolved },
      AbilityResolver,
      ResourceLoaderRegistry,
      RouteAuthorizer,
      ...providers,
    ],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

/** A transport for one request: the method, the `id` param, a body; headers recorded. */
export function fakeTransport(
  method: string,
  params: Record<string, string> = {},
  body?: unknown,
): PortcullisTransport & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return {
    request: {},
    response: {},
    method,
    target: `${method} /users/${params.id ?? ''}`,
    body,
    bearer: { rawHeaders: [] },
    headers,
    param: (name) => params[name],
    setHeader: (name, value) => {
      headers[name] = value;
    },
  };
}
