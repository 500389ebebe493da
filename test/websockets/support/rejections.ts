/**
 * Collects the process's unhandled rejections while a describe block runs; the returned
 * function answers what was collected (a hostile input must never leave one behind).
 */
export function collectUnhandledRejections(): () => unknown[] {
  const rejections: unknown[] = [];
  const collect = (reason: unknown): void => void rejections.push(reason);
  beforeAll(() => process.on('unhandledRejection', collect));
  afterAll(() => process.off('unhandledRejection', collect));
  return () => rejections;
}
