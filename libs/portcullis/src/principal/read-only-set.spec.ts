import { ReadOnlySet } from './read-only-set';

describe('ReadOnlySet', () => {
  it('holds its items once each and refuses every change', () => {
    const set = new ReadOnlySet(['read', 'write', 'read']) as Set<string>;

    expect([...set]).toEqual(['read', 'write']);
    expect(set).toBeInstanceOf(Set);
    expect(() => set.add('admin')).toThrow(TypeError);
    expect(() => set.delete('read')).toThrow(TypeError);
    expect(() => set.clear()).toThrow(TypeError);
    expect([...set]).toEqual(['read', 'write']);
    expect(Object.isFrozen(set)).toBe(true);
  });
});
