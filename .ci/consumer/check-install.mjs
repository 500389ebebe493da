// Run inside the scratch app after the README's install line: the installed package loads
// from CommonJS and from ESM with every export, each of its peers is installed at a version
// it accepts, and everything its code or declarations import is declared in its package.json.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const PKG = 'nest-portcullis';
const root = join('node_modules', PKG);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const problems = [];

/** `@scope/name/deep/path.js` -> `@scope/name`; `name/x` -> `name`. */
function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function* filesUnder(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

// Peers: a package whose install line leaves one out does not start on yarn or pnpm.
const peers = manifest.peerDependencies ?? {};
const optional = manifest.peerDependenciesMeta ?? {};
// semver comes with Jest; without it no peer's version could be checked.
if (!existsSync('node_modules/semver')) problems.push('semver is not installed: no peer checked');
const semver = problems.length === 0 ? require('semver') : undefined;
for (const [name, range] of Object.entries(peers)) {
  const path = join('node_modules', name, 'package.json');
  if (!existsSync(path)) {
    if (!optional[name]?.optional) problems.push(`peer ${name}@${range} is not installed`);
    continue;
  }
  const { version } = JSON.parse(readFileSync(path, 'utf8'));
  if (semver && !semver.satisfies(version, range)) {
    problems.push(`peer ${name}@${version} is installed, the package wants ${range}`);
  }
}

// What the compiled code and the declarations import must be declared.
const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(peers)]);
const used = new Set();
const IMPORTS = /(?:require\(|from |import\()\s*["']([^"'.][^"']*)["']/g;
for (const file of filesUnder(join(root, 'dist'))) {
  if (!/\.(js|d\.ts)$/.test(file)) continue;
  // Comments go first: JSDoc examples import packages the code does not.
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  for (const [, specifier] of code.matchAll(IMPORTS)) {
    if (isBuiltin(specifier) || packageOf(specifier) === PKG) continue;
    const name = packageOf(specifier);
    used.add(name);
    if (!declared.has(name)) problems.push(`${file} imports ${specifier}, which is not declared`);
  }
}
// A peer that the package's peers need themselves (Nest's reflect-metadata, rxjs) counts as used.
for (const name of [...used]) {
  const path = join('node_modules', name, 'package.json');
  if (!existsSync(path)) continue;
  const theirs = JSON.parse(readFileSync(path, 'utf8')).peerDependencies ?? {};
  for (const peer of Object.keys(theirs)) used.add(peer);
}
// A peer nothing needs makes every user install it for nothing.
for (const name of Object.keys(peers)) {
  if (!used.has(name)) problems.push(`peer ${name} is imported by none of the package's files`);
}

// Both entry points, from CommonJS and from ESM (Nest 12's default starter is ESM: a name
// that Node's CommonJS export detection misses would be `undefined` there).
for (const entry of [PKG, `${PKG}/testing`]) {
  let cjs;
  try {
    cjs = require(entry);
  } catch (error) {
    problems.push(`require('${entry}') throws: ${error.message.split('\n')[0]}`);
    continue;
  }
  const esm = await import(entry);
  const missing = Object.keys(cjs).filter((name) => name !== '__esModule' && !(name in esm));
  if (missing.length > 0) problems.push(`import from '${entry}' lacks ${missing.join(', ')}`);
  console.log(`pack-check: ${entry}: ${Object.keys(cjs).length} exports, CommonJS and ESM`);
}
require(`${PKG}/package.json`);

if (problems.length > 0) {
  console.error(`pack-check: the installed package is wrong:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
