// Jest cannot `require` ESM-only packages (NestJS 12, jose 6, and oidc-provider 9 for the
// real-provider e2e test), so @swc/jest turns
// them into CommonJS along with our TypeScript (see docs/ARCHITECTURE.md, "Tests").
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs', ignoreDynamic: true },
    sourceMaps: 'inline',
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|jose|fast-check|oidc-provider|@fastify/static/node_modules/content-disposition|content-disposition)/)',
  ],
  moduleNameMapper: {
    '^nest-portcullis$': '<rootDir>/libs/portcullis/src/index.ts',
    '^nest-portcullis/testing$': '<rootDir>/libs/portcullis/testing/index.ts',
    '^nest-portcullis/websockets$': '<rootDir>/libs/portcullis/src/websockets/index.ts',
    '^nest-portcullis/websockets/socket\\.io$':
      '<rootDir>/libs/portcullis/src/websockets/socket-io.ts',
    '^nest-portcullis/websockets/ws$': '<rootDir>/libs/portcullis/src/websockets/ws.ts',
    '^nest-portcullis/microservices$': '<rootDir>/libs/portcullis/src/microservices/index.ts',
    '^nest-portcullis/openapi$': '<rootDir>/libs/portcullis/src/openapi/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Tests generate RSA keys and start apps; on a loaded 2-core CI machine 5 s is not enough.
  // A timeout only catches hangs here: speed is measured by the benchmark, not by tests.
  testTimeout: 30_000,
};

/** @type {import('jest').Config} */
module.exports = {
  // Jest reads testTimeout from the top level only: in `common` alone it left every test at 5 s.
  testTimeout: common.testTimeout,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
