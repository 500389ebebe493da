import { defineConfig } from 'vitest/config';

// Nest 12's ESM starter configs (unit and e2e) in one, less their tsconfig-paths plugin
// (this app has no path aliases).
export default defineConfig({
  test: {
    globals: true,
    root: './',
    include: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  },
});
