import { Injectable } from '@nestjs/common';
import { PermissionsUnavailableException } from '../errors/portcullis.exceptions';
import { PortcullisConfigError } from '../errors/portcullis-config.error';
import { appPolicy, principal, type AppAbility } from '../policy/app-policy.fixture';
import { definePolicy } from '../policy/policy-definition';
import { AbilityResolver } from './ability-resolver';
import { authorizationModule } from './authorization.fixture';
import type { PermissionsProvider } from '../policy/permissions-provider';

/** A store that grants `read:users` to `alice`, counts calls, and can answer anything. */
@Injectable()
class GrantStore implements PermissionsProvider {
  static answer: () => unknown = () => ['read:users'];
  static calls = 0;

  permissionsFor(): Iterable<string> {
    GrantStore.calls += 1;
    return GrantStore.answer() as Iterable<string>;
  }
}

const alice = principal({ sub: 'alice', scopes: ['read:users'] });

async function resolverWith(ttlSeconds = 60): Promise<AbilityResolver> {
  const moduleRef = await authorizationModule(
    { policy: appPolicy, permissionsProvider: { useClass: GrantStore, ttlSeconds } },
    [],
  );
  return moduleRef.get(AbilityResolver);
}

describe('AbilityResolver', () => {
  beforeEach(() => {
    GrantStore.answer = () => ['read:users'];
    GrantStore.calls = 0;
  });

  it('adds the store permissions to a user ability', async () => {
    const ability = await (await resolverWith()).abilityFor<AppAbility>(alice);

    expect(ability.can('read', 'User')).toBe(true);
    expect(GrantStore.calls).toBe(1);
  });

  it('never asks the store about a client', async () => {
    const resolver = await resolverWith();
    const client = principal({ kind: 'client', scopes: ['read:users'] });
    await resolver.abilityFor(client);

    expect(GrantStore.calls).toBe(0);
  });

  it('gives a client holding role admin only the client rules: roles reach users only', async () => {
    const resolver = await resolverWith();
    const scopes = ['read:users', 'write:users', 'delete:users'];
    const client = principal({ kind: 'client', roles: ['admin'], scopes });
    const ability = await resolver.abilityFor<AppAbility>(client);

    expect(await resolver.grantsFor(client)).toEqual(['client[0]']);
    expect([ability.can('read', 'User'), ability.can('update', 'User')]).toEqual([true, false]);
    expect(ability.can('delete', 'User')).toBe(false);
    expect(GrantStore.calls).toBe(0);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('down'))],
    ['answers a string', () => 'read:users'],
    ['answers null', () => null],
    ['answers a list with a number', () => ['read:users', 7]],
  ])('fails closed with 503 when the store %s, and caches nothing', async (_, answer) => {
    const resolver = await resolverWith();
    GrantStore.answer = answer;

    const error = await resolver.abilityFor(alice).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PermissionsUnavailableException);
    expect((error as PermissionsUnavailableException).getStatus()).toBe(503);
    expect((error as PermissionsUnavailableException).responseHeaders()).toEqual({
      'Retry-After': '5',
    });
    expect(resolver.permissionsCache?.size).toBe(0);
  });

  it('compiles the policy once, at construction: a broken policy stops the boot', async () => {
    const broken = definePolicy<AppAbility>({ roles: { admin: ['no-such-permission'] } });

    await expect(authorizationModule({ policy: broken })).rejects.toThrow(
      new PortcullisConfigError(
        'policy',
        "is not valid: Invalid Portcullis policy: role 'admin' references unknown permission 'no-such-permission'",
      ),
    );
  });

  it('stops the boot when useExisting names nothing the app provides', async () => {
    await expect(
      authorizationModule({ policy: appPolicy, permissionsProvider: { useExisting: 'NOPE' } }),
    ).rejects.toThrow(
      /^PortcullisModule option "permissionsProvider.useExisting" cannot be resolved/,
    );
  });

  it('stops the boot when the provider has no permissionsFor method', async () => {
    @Injectable()
    class NotAStore {}
    await expect(
      authorizationModule({
        policy: appPolicy,
        permissionsProvider: { useClass: NotAStore as never },
      }),
    ).rejects.toThrow(/permissionsFor\(principal\) method/);
  });

  it('says where the rules come from, for logs', async () => {
    const grants = await (await resolverWith()).grantsFor(alice);

    expect(grants).toEqual(['user[0]', "permission 'read:users'"]);
  });

  it('reuses one ability object for the same claims (bounded engine cache)', async () => {
    const resolver = await resolverWith();
    const first = await resolver.abilityFor<AppAbility>(alice);

    expect(await resolver.abilityFor(principal({ sub: 'alice', scopes: ['read:users'] }))).toBe(
      first,
    );
  });
});
