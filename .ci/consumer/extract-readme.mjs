// Writes the READMEs' marked code blocks into the scratch app, each under the path its
// marker names (`<!-- pack-check: src/app.module.ts -->` before the block), and prints the
// package README's install line (the block marked `install`) with the tarball in place of
// the package name. Further READMEs (the full guide) add blocks of their own.
// Usage: node extract-readme.mjs <app dir> <tarball> <package README> [<README>...]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const [appDir, tarball, ...readmes] = process.argv.slice(2);
const MARKED = /<!-- pack-check: (\S+) -->\s*\n```[a-z]*\n([\s\S]*?)\n```/g;
const REQUIRED = ['install', 'jest.config.js'];
// One plain `npm install` of package names: nothing else may run in the shell.
const INSTALL = /^npm install( [@a-z0-9][@a-z0-9/._^~-]*)+$/;

function fail(message) {
  console.error(`pack-check: ${readmes[0]}: ${message}`);
  process.exit(1);
}

const blocks = new Map();
for (const [index, readmePath] of readmes.entries()) {
  for (const [, name, code] of readFileSync(readmePath, 'utf8').matchAll(MARKED)) {
    if (blocks.has(name)) fail(`two blocks marked ${name} (the second in ${readmePath})`);
    if (index > 0 && !/^(src|test)\//.test(name)) fail(`${readmePath} marks ${name}`);
    blocks.set(name, code);
  }
}
for (const name of REQUIRED) if (!blocks.has(name)) fail(`no block marked ${name}`);
const names = [...blocks.keys()];
if (!names.some((name) => /^src\//.test(name))) fail('no quick start marked src/...');
if (!names.some((name) => /spec\.ts$/.test(name))) fail('no testing example marked ...spec.ts');

for (const [name, code] of blocks) {
  if (name === 'install') continue;
  const path = normalize(name);
  if (path.startsWith('..') || path.startsWith('/')) fail(`marker ${name} leaves the app`);
  mkdirSync(dirname(join(appDir, path)), { recursive: true });
  writeFileSync(join(appDir, path), code + '\n');
}

const install = blocks.get('install').trim();
if (!INSTALL.test(install)) fail(`the install line is not a plain npm install: ${install}`);
const words = install.split(' ');
if (!words.includes('nest-portcullis')) fail(`the install line does not name nest-portcullis`);
console.error(`pack-check: README install line: ${install}`);
console.error(`pack-check: README blocks: ${names.filter((n) => n !== 'install').join(', ')}`);
console.log(words.map((word) => (word === 'nest-portcullis' ? tarball : word)).join(' '));
