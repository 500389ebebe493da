// What `npm pack` put in the tarball: what users need (compiled code, declarations, README,
// LICENSE, every `exports` target) and nothing else (no specs, fixtures, sources or maps).
// Usage: node check-pack.mjs <npm pack --json output> <the library's package.json>
import { readFileSync } from 'node:fs';

const [packJson, manifestPath] = process.argv.slice(2);
const [pack] = JSON.parse(readFileSync(packJson, 'utf8'));
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const files = new Set(pack.files.map((f) => f.path));
const problems = [];

/** Every file path an `exports` map (or `main`/`types`) points at. */
function targets(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

for (const required of ['package.json', 'README.md', 'LICENSE']) {
  if (!files.has(required)) problems.push(`missing ${required}`);
}
const pointed = [manifest.main, manifest.types, ...targets(manifest.exports)].filter(Boolean);
for (const target of pointed) {
  const path = target.replace(/^\.\//, '');
  if (!files.has(path)) problems.push(`missing ${path} (named by package.json)`);
}
for (const path of files) {
  if (/\.(e2e-)?spec\.|\.fixture\.|\.test-d\./.test(path)) problems.push(`test file ${path}`);
  else if (path.endsWith('.map')) problems.push(`source map ${path} (its sources are not shipped)`);
  else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) problems.push(`source ${path}`);
  else if (!/^(dist\/(src|testing)\/|package\.json$|README\.md$|LICENSE$)/.test(path)) {
    problems.push(`unexpected ${path}`);
  }
  if (path.endsWith('.js') && !files.has(path.replace(/\.js$/, '.d.ts'))) {
    problems.push(`no declarations for ${path}`);
  }
}

if (problems.length > 0) {
  console.error(`pack-check: the tarball is wrong:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `pack-check: ${pack.filename}: ${files.size} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`,
);
