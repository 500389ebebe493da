import { PortcullisConfigError } from '../errors/portcullis-config.error';
import { appPolicy } from '../policy/app-policy.fixture';
import type { PortcullisOptions } from './portcullis-options';
import { resolveOptions } from './resolve-options';

/** The policy slice of the resolved options, with the route audit's `strictRoutes`. */
function resolveAuthorizationOptions(options: PortcullisOptions) {
  const { policy, strictRoutes } = resolveOptions(options);
  return { ...policy, strictRoutes };
}

const BASE = { issuer: 'https://issuer.test/', audience: 'api' };
const resolve = (changes: Record<string, unknown>) =>
  resolveAuthorizationOptions({ ...BASE, ...changes } as unknown as PortcullisOptions);

class Store {
  permissionsFor(): string[] {
    return [];
  }
}

describe('resolveAuthorizationOptions', () => {
  it('fills in the defaults', () => {
    expect(resolve({})).toEqual({
      policy: undefined,
      abilityCacheMaxEntries: 10_000,
      permissionsProvider: undefined,
      strictRoutes: false,
    });
  });

  it('keeps the given values', () => {
    expect(
      resolve({
        policy: appPolicy,
        abilityCache: { maxEntries: 0 },
        permissionsProvider: { useClass: Store, ttlSeconds: 0, maxEntries: 5 },
        strictRoutes: true,
      }),
    ).toEqual({
      policy: appPolicy,
      abilityCacheMaxEntries: 0,
      permissionsProvider: { useClass: Store, useExisting: undefined, ttlMs: 0, maxEntries: 5 },
      strictRoutes: true,
    });
    expect(resolve({ permissionsProvider: { useExisting: 'STORE' } }).permissionsProvider).toEqual({
      useClass: undefined,
      useExisting: 'STORE',
      ttlMs: 60_000,
      maxEntries: 10_000,
    });
  });

  it.each([
    ['policy', 'a string', { policy: 'admin' }],
    ['policy', 'an array', { policy: [] }],
    ['abilityCache', 'a number', { abilityCache: 5 }],
    ['abilityCache.maxEntries', 'negative', { abilityCache: { maxEntries: -1 } }],
    ['abilityCache.maxEntries', 'fractional', { abilityCache: { maxEntries: 1.5 } }],
    ['strictRoutes', 'a string', { strictRoutes: 'yes' }],
    ['permissionsProvider', 'a class', { permissionsProvider: Store }],
    ['permissionsProvider', 'neither', { permissionsProvider: { ttlSeconds: 5 } }],
    ['permissionsProvider', 'both', { permissionsProvider: { useClass: Store, useExisting: 'S' } }],
    ['permissionsProvider.useClass', 'an object', { permissionsProvider: { useClass: {} } }],
    ['permissionsProvider.useExisting', 'null', { permissionsProvider: { useExisting: null } }],
    [
      'permissionsProvider.ttlSeconds',
      'negative',
      { permissionsProvider: { useExisting: 'S', ttlSeconds: -1 } },
    ],
    [
      'permissionsProvider.maxEntries',
      '0',
      { permissionsProvider: { useExisting: 'S', maxEntries: 0 } },
    ],
  ])('refuses %s: %s', (option, _, changes) => {
    let error: unknown;
    try {
      resolve(changes);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PortcullisConfigError);
    expect((error as Error).message).toMatch(
      new RegExp(`^PortcullisModule option "${option.replace(/\./g, '\\.')}" `),
    );
  });
});
