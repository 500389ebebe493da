// Test fixture shared by the authorization specs: a real Nest DI container holding the
// authorization providers, an in-memory loader, and a call context that records headers.
import { Injectable, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { LoadsResource } from '../decorators/loads-resource.decorator';
import type { CallContext } from '../context/call-context';
import { actionOfMethod } from '../context/http.context';
import { PortcullisException } from '../errors/portcullis.exceptions';
import { PORTCULLIS_RESOLVED_OPTIONS } from '../options/options.tokens';
import type { PortcullisOptions } from '../options/portcullis-options';
import { resolveOptions } from '../options/resolve-options';
import { userRecord, type UserRecord } from '../policy/app-policy.fixture';
import { AbilityResolver } from './ability-resolver';
import { ResourceLoaderRegistry } from './resource-loader-registry';
import { RouteAuthorizer } from './route-authorizer';
import type { RouteRequirements } from './route-requirements';

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
  const resolved = resolveOptions({ issuer: 'https://issuer.test/', audience: 'y', ...options });
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      { provide: PORTCULLIS_RESOLVED_OPTIONS, useValue: resolved },
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

/** An HTTP-like call: the method, the `id` param, a body; refusal headers recorded. */
export function fakeCall(
  method: string,
  params: Record<string, string> = {},
  body?: unknown,
): CallContext & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return {
    holder: {},
    operation: method,
    impliedAction: actionOfMethod(method),
    target: `${method} /users/${params.id ?? ''}`,
    credentials: { rawHeaders: [] },
    headers,
    param: (name) => params[name],
    input: () => body,
    refuse: (error, realm) => {
      if (error instanceof PortcullisException)
        Object.assign(headers, error.responseHeaders(realm));
      return error;
    },
  };
}

/** A route's requirements: a valid token and nothing else, with `changes` on top. */
export function requirementsWith(changes: Partial<RouteRequirements> = {}): RouteRequirements {
  return {
    isPublic: false,
    authenticated: false,
    scopeGroups: [],
    can: [],
    owns: undefined,
    usesAbility: false,
    ...changes,
  };
}
