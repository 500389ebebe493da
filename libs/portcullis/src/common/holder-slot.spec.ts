import { inspect } from 'node:util';
import { HolderSlot } from './holder-slot';

describe('HolderSlot', () => {
  it('keeps a value on an object, hidden from serialisation, keys, spreading and inspection', () => {
    const slot = new HolderSlot<{ secret: string }>('test:slot');
    const holder: Record<string, unknown> = { id: 1 };
    slot.set(holder, { secret: 'token' });

    expect(slot.get(holder)).toEqual({ secret: 'token' });
    expect(JSON.stringify(holder)).toBe('{"id":1}');
    expect(Object.keys(holder)).toEqual(['id']);
    expect(Reflect.ownKeys({ ...holder })).toEqual(['id']);
    expect(inspect(holder)).toBe('{ id: 1 }');
  });

  it('answers an object its own value only, never one it inherits', () => {
    const slot = new HolderSlot<string>('test:slot');
    const parent = {};
    slot.set(parent, 'parent');
    const child = Object.create(parent) as object;

    expect(slot.get(child)).toBeUndefined();
    slot.set(child, 'child');
    expect(slot.get(child)).toBe('child');
    expect(slot.get(parent)).toBe('parent');
  });

  it('keeps a value put aside beside the object, which gains no property', () => {
    const slot = new HolderSlot<string>('test:slot');
    const holder = { id: 1 };
    slot.setAside(holder, 'first');
    expect(slot.get(holder)).toBe('first');
    expect(Reflect.ownKeys(holder)).toEqual(['id']);
    slot.setAside(holder, 'second');
    expect(slot.get(holder)).toBe('second');
    expect(slot.get({ id: 1 })).toBeUndefined();
  });

  it('replaces a value kept before', () => {
    const slot = new HolderSlot<string>('test:slot');
    const holder = {};
    slot.set(holder, 'first');
    slot.set(holder, 'second');
    expect(slot.get(holder)).toBe('second');
  });

  it.each([
    ['frozen', Object.freeze({})],
    ['sealed', Object.seal({})],
    ['non-extensible', Object.preventExtensions({})],
  ])('keeps the value of a %s object without changing what it shows', (_, holder: object) => {
    const slot = new HolderSlot<string>('test:slot');
    slot.set(holder, 'kept');
    expect(slot.get(holder)).toBe('kept');
    expect(Reflect.ownKeys(holder)).toEqual([]);
    slot.set(holder, 'again');
    expect(slot.get(holder)).toBe('again');
  });

  const refuse = (): never => {
    throw new Error('no');
  };

  it.each<[string, ProxyHandler<object>]>([
    ['refuses new properties', { defineProperty: () => false }],
    ['throws on every question', { defineProperty: refuse, getOwnPropertyDescriptor: refuse }],
  ])('keeps the value of a proxy that %s, running none of its traps', (_, handler) => {
    const slot = new HolderSlot<string>('test:slot');
    const holder = new Proxy({}, handler);
    slot.set(holder, 'kept');
    expect(slot.get(holder)).toBe('kept');
    slot.set(holder, 'again');
    expect(slot.get(holder)).toBe('again');
  });

  it('keeps the values of two slots apart on one object', () => {
    const first = new HolderSlot<string>('test:slot');
    const second = new HolderSlot<string>('test:slot');
    const holder = {};
    first.set(holder, 'one');
    expect(second.get(holder)).toBeUndefined();
    second.set(holder, 'two');
    expect([first.get(holder), second.get(holder)]).toEqual(['one', 'two']);
  });
});
