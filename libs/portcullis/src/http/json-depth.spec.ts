import { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth, valueExceedsDepth } from './json-depth';

const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('exceedsJsonDepth', () => {
  it.each([
    ['a scalar', '42', 0, false],
    ['a string', '"x"', 0, false],
    ['{} at bound 1', '{}', 1, false],
    ['{} at bound 0', '{}', 0, true],
    ['siblings do not add up', '[[1],[2],{"a":[3]}]', 3, false],
    ['an object in an array', '[{"a":1}]', 1, true],
    ['brackets inside a string', '{"a":"[[[[{{{{"}', 1, false],
    ['an escaped quote does not end the string', '{"a":"\\"[[[["}', 1, false],
    ['an escaped backslash before the closing quote', '{"a":"\\\\"}', 1, false],
    [
      'after an escaped backslash, the quote closes: the next bracket counts',
      '["\\\\",[1]]',
      1,
      true,
    ],
    ['a key with brackets', '{"[{":{"}]":1}}', 2, false],
    ['unbalanced closers buy no depth', ']]]]][[', 1, true],
    ['whitespace between brackets', '[ [\n[ 1 ] ] ]', 2, true],
  ] as const)('%s', (_, json, maxDepth, expected) => {
    expect(exceedsJsonDepth(json, maxDepth)).toBe(expected);
    expect(exceedsJsonDepth(Buffer.from(json), maxDepth)).toBe(expected);
  });

  it.each([
    ['arrays', nestedArrays],
    ['objects', nestedObjects],
  ])('%s exactly at the bound pass, one more level does not', (_, nested) => {
    expect(exceedsJsonDepth(nested(32), 32)).toBe(false);
    expect(exceedsJsonDepth(nested(33), 32)).toBe(true);
    expect(exceedsJsonDepth(Buffer.from(nested(33)), 32)).toBe(true);
  });

  it('the default bound is 32', () => {
    expect(DEFAULT_MAX_JSON_DEPTH).toBe(32);
    expect(exceedsJsonDepth(nestedArrays(32))).toBe(false);
    expect(exceedsJsonDepth(nestedArrays(33))).toBe(true);
  });

  it('multi-byte UTF-8 text is read as text', () => {
    const json = JSON.stringify({ name: 'Zoë 字 🚀 [', list: ['é', ['ü']] });
    expect(exceedsJsonDepth(Buffer.from(json, 'utf8'), 3)).toBe(false);
    expect(exceedsJsonDepth(Buffer.from(json, 'utf8'), 2)).toBe(true);
  });

  it('a body of 1,500 nested arrays is refused without recursion', () => {
    expect(exceedsJsonDepth(`{"text":${nestedArrays(1500)}}`)).toBe(true);
    expect(exceedsJsonDepth(nestedArrays(1_000_000))).toBe(true);
  });

  it('a string that never ends does not read past the end', () => {
    expect(exceedsJsonDepth('["abc\\', 1)).toBe(false);
  });
});

describe('valueExceedsDepth', () => {
  it.each([
    ['a scalar', 'x', 0, false],
    ['null', null, 0, false],
    ['{} at bound 1', {}, 1, false],
    ['{} at bound 0', {}, 0, true],
    ['siblings do not add up', [[1], [2], { a: [3] }], 3, false],
    ['one level too deep', [[1], [2], { a: [[3]] }], 3, true],
    ['strings with brackets are values', { a: '[[[[' }, 1, false],
  ] as const)('%s', (_, value, maxDepth, expected) => {
    expect(valueExceedsDepth(value, maxDepth)).toBe(expected);
  });

  it('parsed bodies at the bound pass, one more level does not', () => {
    expect(valueExceedsDepth(JSON.parse(nestedObjects(32)), 32)).toBe(false);
    expect(valueExceedsDepth(JSON.parse(nestedObjects(33)), 32)).toBe(true);
    expect(valueExceedsDepth(JSON.parse(nestedArrays(33)))).toBe(true);
  });

  it('measures 3,000 nested objects without recursion', () => {
    expect(valueExceedsDepth(JSON.parse(`{"name":${nestedObjects(3000)}}`))).toBe(true);
  });

  it('agrees with the byte scan on random shapes (depths 0 to 8)', () => {
    const depths = new Set<number>();
    for (let seed = 1; seed <= 300; seed++) {
      const json = JSON.stringify(shape(random(seed), 0));
      depths.add(depthOf(JSON.parse(json)));
      for (const bound of [1, 2, 3, 4, 5, 6, 7]) {
        expect(valueExceedsDepth(JSON.parse(json), bound)).toBe(exceedsJsonDepth(json, bound));
        expect(exceedsJsonDepth(json, bound)).toBe(depthOf(JSON.parse(json)) > bound);
      }
    }
    expect(depths.size).toBeGreaterThanOrEqual(6);
  });

  it('an object that refers to itself ends', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(valueExceedsDepth(loop, 32)).toBe(false);
  });
});

/** A seeded pseudo-random source in [0, 1) (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small random JSON value up to 8 levels deep, with bracket-filled strings and keys. */
function shape(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * 5);
  if (depth >= 8 || pick === 0) return `"[{${depth}\\"}]`;
  if (pick === 1) return depth;
  const children = [0, 1].map(() => shape(next, depth + 1));
  return pick === 2 ? children : { a: children[0], '[{"': children[1] };
}

/** The depth of a parsed value, recursively: the reference the checks are compared with. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}
