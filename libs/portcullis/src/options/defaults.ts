/**
 * Every default of the module options, in one place: what an option left out means.
 * Durations keep the unit of their option (seconds or milliseconds, as the option's name says).
 */
export const DEFAULTS = Object.freeze({
  clockToleranceSeconds: 5,
  strict: false,
  realm: 'api',
  strictRoutes: false,
  keys: Object.freeze({
    cooldownSeconds: 30,
    refreshIntervalSeconds: 600,
    maxStaleSeconds: 86_400,
    fetchTimeoutMs: 5000,
    maxResponseBytes: 512 * 1024,
    maxKeys: 100,
  }),
  tokenCache: Object.freeze({ maxEntries: 10_000, maxAgeSeconds: 60 }),
  abilityCache: Object.freeze({ maxEntries: 10_000 }),
  permissionsProvider: Object.freeze({ ttlSeconds: 60, maxEntries: 10_000 }),
});
