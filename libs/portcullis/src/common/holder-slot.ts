/**
 * A value kept on an object for as long as the object lives (a request, a GraphQL context, a
 * message), as a non-enumerable symbol-keyed property: `JSON.stringify`, spreading,
 * `Object.keys` and `util.inspect` never show it, nothing a client sends can set it, and an
 * object only ever answers its own value, never one it inherits.
 *
 * Not a `WeakMap` beside the object: V8's young-generation collector keeps a `WeakMap`'s
 * values alive while it runs, so a value kept for each request (a principal with its claims
 * and token, a loaded record) outlives the request, is promoted to the old generation and
 * waits there for a full collection. Measured at about 1 KB promoted and 8 to 14 us of CPU per
 * cold request (`bench/README.md`, "The call state and V8's young-generation collector").
 * An object that takes no new property (frozen, sealed, non-extensible, a proxy refusing it)
 * keeps its value in a `WeakMap` instead, and so does one its owner puts aside
 * ({@link setAside}): an Express request, whose layout is new on every request, so that a
 * property added to it costs a copy of its layout (2.5 to 4 us against 0.6 for the map).
 */
export class HolderSlot<T> {
  private readonly key: symbol;
  private readonly closedHolders = new WeakMap<object, T>();

  constructor(description: string) {
    this.key = Symbol(description);
  }

  /** The value kept on `holder`, if any. */
  get(holder: object): T | undefined {
    try {
      if (Object.hasOwn(holder, this.key)) return (holder as Record<symbol, T>)[this.key];
    } catch {
      // An exotic holder (a proxy) that refuses to answer: see the map beside.
    }
    return this.closedHolders.get(holder);
  }

  /** Keeps `value` on `holder`, in place of any value kept before. */
  set(holder: object, value: T): void {
    try {
      if (Object.hasOwn(holder, this.key)) {
        (holder as Record<symbol, T>)[this.key] = value;
      } else {
        Object.defineProperty(holder, this.key, { value, writable: true });
      }
      return;
    } catch {
      // Frozen, sealed or non-extensible, or a proxy that refuses the property.
    }
    this.closedHolders.set(holder, value);
  }

  /**
   * Keeps `value` for `holder` in the `WeakMap` beside, never on it: for holders whose
   * layout (V8's hidden class) is new on each call, where adding a property is slow. The
   * holder must not already carry a value as a property (its owner always puts it aside).
   */
  setAside(holder: object, value: T): void {
    this.closedHolders.set(holder, value);
  }
}
