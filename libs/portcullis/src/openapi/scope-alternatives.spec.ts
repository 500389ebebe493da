import { MAX_SCOPE_ALTERNATIVES, scopeAlternatives } from './scope-alternatives';

describe('scopeAlternatives', () => {
  it.each<[string, string[][], string[][]]>([
    ['no requirement: any valid token', [], [[]]],
    ["@Scopes('a', 'b'): both", [['a'], ['b']], [['a', 'b']]],
    ["@AnyScopes('a', 'b'): either", [['a', 'b']], [['a'], ['b']]],
    [
      "@Scopes('a') @AnyScopes('b', 'c')",
      [['a'], ['b', 'c']],
      [
        ['a', 'b'],
        ['a', 'c'],
      ],
    ],
    [
      'two @AnyScopes: one of each',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [
        ['a', 'c'],
        ['a', 'd'],
        ['b', 'c'],
        ['b', 'd'],
      ],
    ],
    ['a scope named twice counts once', [['a'], ['a']], [['a']]],
    // a AND (a OR b) is a: the alternative {a, b} adds no way in.
    ["@Scopes('a') @AnyScopes('a', 'b')", [['a'], ['a', 'b']], [['a']]],
    [
      '(a OR b) AND (b OR c) keeps b alone, drops a+b and b+c',
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      [['a', 'c'], ['b']],
    ],
  ])('%s', (_, groups, alternatives) => {
    expect(scopeAlternatives(groups)).toEqual(alternatives);
  });

  it(`refuses more than ${MAX_SCOPE_ALTERNATIVES} alternatives`, () => {
    const groups = Array.from({ length: 7 }, (_, i) => [`a${i}`, `b${i}`]); // 2^7 = 128
    expect(() => scopeAlternatives(groups)).toThrow(
      `more than ${MAX_SCOPE_ALTERNATIVES} alternatives`,
    );
    expect(scopeAlternatives(groups.slice(0, 6))).toHaveLength(64);
  });
});
