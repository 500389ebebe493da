import { readFileSync } from 'node:fs';

// `node dist/bench/bench/profile-summary.js <file.cpuprofile> [--skip S] [--us-per-request US]`:
// where an app's time went, from a profile written by `npm run bench -- --profile DIR`
// (node --cpu-prof). With the app's CPU per request (the table's column), shares become
// microseconds per request.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/** The package or area a function belongs to. */
function areaOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/libs/portcullis/') || url.includes('nest-portcullis/'))
    return 'nest-portcullis';
  if (url.includes('/dist/bench/')) return 'bench app';
  return PACKAGE.exec(url)?.[1] ?? url;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** How shares are shown: percent of busy time, or microseconds of a request costing `perRequestUs`. */
let perRequestUs: number | undefined;

function table(title: string, totals: Map<string, number>, all: number, rows: number): string {
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, rows);
  const share = (us: number): string =>
    perRequestUs === undefined
      ? `${((100 * us) / all).toFixed(1).padStart(5)}%`
      : `${((perRequestUs * us) / all).toFixed(1).padStart(6)} us`;
  const lines = top.map(([key, us]) => `${share(us)}  ${key}`);
  return [`${title}:`, ...lines].join('\n');
}

function summarize(profile: CpuProfile, skipUs: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let all = 0;
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    elapsed += us;
    if (elapsed < skipUs) return;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return;
    all += us;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = label(byId.get(at)!);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      seen.add(key);
    }
  });
  return [
    `busy time ${(all / 1e6).toFixed(2)} s (idle and the first ${skipUs / 1e6} s left out)`,
    table('self time by package', areas, all, 15),
    table('self time by function', self, all, 25),
    table('total time (with callees) by function', inclusive, all, 400),
  ].join('\n\n');
}

const USAGE =
  'usage: node dist/bench/bench/profile-summary.js <file.cpuprofile> [--skip S] [--us-per-request US]';

/** `--skip S`: leave out the first S seconds (boot, warm-up); `--us-per-request`: show us. */
function main(args: string[]): void {
  const file = args[0];
  if (file === undefined) throw new Error(USAGE);
  const option = (name: string): number | undefined => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : Number(args[at + 1]);
  };
  perRequestUs = option('--us-per-request');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  console.log(summarize(profile, (option('--skip') ?? 0) * 1e6));
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
