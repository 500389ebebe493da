import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { LoadsResource } from '../decorators/loads-resource.decorator';
import type { OwnsRequirement } from '../decorators/owns.decorator';
import { callStateOf } from '../context/call-state';
import { ResourceNotFoundException } from '../errors/portcullis.exceptions';
import { appPolicy, principal, userRecord } from '../policy/app-policy.fixture';
import type { PermissionsProvider } from '../policy/permissions-provider';
import {
  authorizationModule,
  fakeCall,
  FixtureUsersLoader,
  requirementsWith,
} from './authorization.fixture';
import { RouteAuthorizer } from './route-authorizer';

// When the guard must wait: the decision is synchronous (nothing returned) when everything is
// at hand, and a promise only when a loader or the permissions provider answers with one.

const owns: OwnsRequirement = {
  subject: 'User',
  param: 'id',
  action: undefined,
  hide: false,
  fields: false,
};
const ownsRoute = requirementsWith({ scopeGroups: [['read:users']], owns });
const alice = principal({ sub: 'alice', scopes: ['read:users'] });

@Injectable()
@LoadsResource('User')
class AsyncUsersLoader {
  load(id: string): Promise<object | undefined> {
    return Promise.resolve(id === 'alice' ? userRecord('alice') : undefined);
  }
}

@Injectable()
class Grants implements PermissionsProvider {
  static calls = 0;
  permissionsFor(): Promise<string[]> {
    Grants.calls += 1;
    return Promise.resolve([]);
  }
}

describe('RouteAuthorizer: synchronous when nothing has to be waited for', () => {
  const modules: TestingModule[] = [];
  const authorizerWith = async (...args: Parameters<typeof authorizationModule>) => {
    const moduleRef = await authorizationModule(...args);
    modules.push(moduleRef);
    return moduleRef.get(RouteAuthorizer);
  };

  afterAll(async () => {
    await Promise.all(modules.map((m) => m.close()));
  });

  it('decides an @Owns route at once with a loader that answers with a value', async () => {
    const authorizer = await authorizerWith({ policy: appPolicy }, [FixtureUsersLoader]);
    const call = fakeCall('GET', { id: 'alice' });
    expect(authorizer.authorize(call, alice, ownsRoute)).toBeUndefined();
    expect(callStateOf(call.holder)?.resource).toMatchObject({ id: 'alice' });
    // A refusal is thrown at once, not rejected later.
    expect(() => authorizer.authorize(fakeCall('GET', { id: 'nobody' }), alice, ownsRoute)).toThrow(
      ResourceNotFoundException,
    );
  });

  it('waits for a loader that answers with a promise, and decides the same', async () => {
    const authorizer = await authorizerWith({ policy: appPolicy }, [AsyncUsersLoader]);
    const call = fakeCall('GET', { id: 'alice' });
    const decided = authorizer.authorize(call, alice, ownsRoute);
    expect(decided).toBeInstanceOf(Promise);
    await expect(decided).resolves.toBeUndefined();
    expect(callStateOf(call.holder)?.resource).toMatchObject({ id: 'alice' });
    await expect(
      authorizer.authorize(fakeCall('GET', { id: 'nobody' }), alice, ownsRoute),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('waits for the permissions provider once, then decides at once while its answer is kept', async () => {
    const authorizer = await authorizerWith(
      { policy: appPolicy, permissionsProvider: { useClass: Grants, ttlSeconds: 60 } },
      [FixtureUsersLoader, Grants],
    );
    Grants.calls = 0;
    const first = authorizer.authorize(fakeCall('GET', { id: 'alice' }), alice, ownsRoute);
    expect(first).toBeInstanceOf(Promise);
    await first;
    expect(
      authorizer.authorize(fakeCall('GET', { id: 'alice' }), alice, ownsRoute),
    ).toBeUndefined();
    expect(Grants.calls).toBe(1);
  });
});
