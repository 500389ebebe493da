/**
 * Drops oidc-provider's start-up notices ("Unsupported runtime" on Node 20, development
 * defaults) so the test output stays clean. Imported before oidc-provider, whose runtime
 * notice is printed while the module loads. Any other console output still goes through.
 */
const NOTICE = /oidc-provider (NOTICE|WARNING): /;

for (const level of ['info', 'warn'] as const) {
  const print = console[level].bind(console);
  jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === 'string' && NOTICE.test(args[0])) return;
    print(...args);
  });
}

export {};
