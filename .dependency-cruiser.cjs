/* global module */
// The library's layering, checked by `npm run lint:layers` (part of `npm run lint`).
// A layer imports its own files and the layers below it, never one above: no import runs
// back up, so no cycle between folders can form. Bottom to top (docs/ARCHITECTURE.md):
const LAYERS = [
  ['common', 'errors', 'http'], // shared helpers, the exceptions, request-body bounds
  ['principal'], //                 who is calling: the Principal type
  ['token', 'policy'], //           the engines: token -> principal, principal -> ability
  ['options'], //                   the module options: types, DEFAULTS, one validation
  ['context'], //                   the context of one call (HTTP today), per-call state
  ['decorators'], //                what a handler declares, and the param decorators
  ['authorization'], //             the route decision: scopes, @Can, @Owns, the route audit
  ['guards'], //                    the global guard
  // The integrations: GraphQL, and the subpath exports that load a framework's package
  // (nest-portcullis/openapi, /microservices, /websockets). Nothing below imports them.
  ['graphql', 'openapi', 'microservices', 'websockets'],
];
const SRC = '^libs/portcullis/src/';
const folders = (layer) => `${SRC}(${layer.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle of imports (between files, hence between folders) in the library.',
      from: { path: SRC },
      to: { circular: true },
    },
    ...LAYERS.map((layer, i) => ({
      name: `layer-${layer.join('-')}`,
      severity: 'error',
      comment: `${layer.join(', ')} may import only the layers below ${i === 0 ? '(none)' : 'it'}`,
      from: { path: folders(layer) },
      to: {
        path: [
          ...LAYERS.slice(i + 1).map(folders),
          // The root files (module, index) sit above every folder.
          `${SRC}[^/]+$`,
        ],
      },
    })),
    {
      name: 'one-engine-does-not-know-the-other',
      severity: 'error',
      comment: 'token/ knows nothing of CASL policies; policy/ nothing of tokens.',
      from: { path: `${SRC}(token|policy)/` },
      to: { path: `${SRC}(token|policy)/`, pathNot: `${SRC}$1/` },
    },
    {
      name: 'the-demo-api-does-not-know-its-infra',
      severity: 'error',
      comment:
        "The demo's API (src/) never imports src/infra/ (configuration, startup, the development issuer, the token CLI): infra starts the API, not the other way round.",
      from: { path: '^src/', pathNot: '^src/(infra/|main\\.ts$)' },
      to: { path: '^src/infra/' },
    },
    {
      name: 'no-testing-kit-in-the-library',
      severity: 'error',
      from: { path: SRC },
      to: { path: '^libs/portcullis/testing/' },
    },
  ],
  options: {
    // Specs and their fixtures are test code (they build whole apps with the testing kit).
    exclude: { path: ['\\.spec\\.ts$', 'node_modules', 'dist/'] },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
