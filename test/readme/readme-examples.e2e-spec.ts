import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const HEADER = /^\/\/ The README's .*\n/;
/** Where a file's README part ends, when the README shows only its first part. */
const README_STOPS = '// The README stops here.\n';

/** The README's code blocks that are run as tests, by file. */
const EXAMPLES = [
  'testing-kit-example.e2e-spec.ts',
  'authorization-example.e2e-spec.ts',
  'graphql-example.e2e-spec.ts',
  'gateway-example.e2e-spec.ts',
  'microservices-example.e2e-spec.ts',
  'openapi-example.e2e-spec.ts',
];

describe('README examples', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  it.each(EXAMPLES)('%s is the code the README shows', (file) => {
    const code = readFileSync(join(__dirname, file), 'utf8')
      .replace(HEADER, '')
      .split(README_STOPS)[0];
    const shown = code.trimEnd() + '\n';
    expect(readme).toContain('```ts\n' + shown + '```');
  });
});
