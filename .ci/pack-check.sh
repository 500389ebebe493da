#!/usr/bin/env bash
# The package as its users meet it: pack nest-portcullis, check the tarball's files, install
# it in a scratch NestJS app outside the workspace with exactly the install line of the
# package README, compile the README's examples with the starter's tsconfig and `strict`,
# run its test examples with the Jest setup the README documents, then compile and run
# them again as Nest 12's ESM starter with Vitest would.
# Fails when a file, a peer dependency or an export that users need is missing.
# Needs only the npm registry (the npm cache is reused, one `npm install`).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
lib="$root/libs/portcullis"
fixture="$root/.ci/consumer"
started=$SECONDS

work="$(mktemp -d)"
# PACK_CHECK_KEEP=1 keeps the tarball and the scratch app to look at.
if [ "${PACK_CHECK_KEEP:-}" = 1 ]; then echo "pack-check: working in $work"; else trap 'rm -rf "$work"' EXIT; fi

# The package's LICENSE is the workspace's.
cmp -s "$root/LICENSE" "$lib/LICENSE" || { echo "pack-check: libs/portcullis/LICENSE differs from LICENSE" >&2; exit 1; }

# 1. Pack as a publish would: `prepack` empties dist and builds.
(cd "$lib" && npm pack --pack-destination "$work" --json --loglevel=warn) >"$work/pack.json"
node "$fixture/check-pack.mjs" "$work/pack.json" "$lib/package.json"
tarball="$work/$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename' "$work/pack.json")"

# 2. The scratch app: Nest 12's starter (package.json, tsconfig.json with strict) plus the
#    README's blocks (install line, jest.config.js, quick start, testing examples).
app="$work/app"
mkdir -p "$app"
cp "$fixture/package.json" "$fixture/tsconfig.json" "$fixture/check-install.mjs" "$app/"
install="$(node "$fixture/extract-readme.mjs" "$app" "$tarball" "$lib/README.md" "$root/README.md")"

# 3. One install: the README's line, its peers not added by npm (as yarn and pnpm do not),
#    so a peer the line forgets is missing, not silently fetched.
(cd "$app" && NPM_CONFIG_LEGACY_PEER_DEPS=true NPM_CONFIG_PREFER_OFFLINE=true \
  NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false \
  $install --loglevel=error)
(cd "$app" && node check-install.mjs)

# 4. The README's code compiles as pasted, and its tests pass.
#    skipLibCheck off: the package's declarations must compile in a project that checks them.
(cd "$app" && npx --no-install tsc -p tsconfig.json --noEmit --strict --skipLibCheck false)
echo "pack-check: the README's examples compile (tsc --strict, isolatedModules, CommonJS)"
# A README test that leaves a server open would hang users' Jest: fail instead.
(cd "$app" && CI=true timeout 300 npx --no-install jest --ci)

# 5. Nest 12's default starter is ESM ("type": "module") with Vitest, and its tsconfig.json
#    (with vitest/globals types): the same files compile and the same tests pass there,
#    relative imports given the `.js` that ESM wants.
esm="$app/esm"
mkdir -p "$esm/src" "$esm/test"
cp "$fixture/esm/package.json" "$fixture/esm/tsconfig.json" "$fixture/esm/vitest.config.ts" "$esm/"
cp "$app"/src/*.ts "$esm/src/"
for spec in "$app"/test/*.ts; do
  sed -E "s#from '(\.\.?/[^']*)'#from '\1.js'#" "$spec" >"$esm/test/$(basename "$spec")"
done
(cd "$esm" && ../node_modules/.bin/tsc -p tsconfig.json --noEmit --strict)
echo "pack-check: the README's examples compile as ESM"
(cd "$esm" && CI=true timeout 300 ../node_modules/.bin/vitest run)

echo "pack-check: passed in $((SECONDS - started)) s"
