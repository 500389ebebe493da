/** The value of a slot, as a private field added to any object by the base's constructor. */
interface PrivateField<T> {
  has(holder: object): boolean;
  /** The value; only for a holder that {@link has} it. */
  read(holder: object): T;
  write(holder: object, value: T): void;
  /** Adds the field to a holder that does not have it. */
  add(holder: object, value: T): void;
}

/** A private field of its own: each call evaluates a new class, so a new private name. */
function privateField<T>(): PrivateField<T> {
  class Stamped {
    constructor(holder: object) {
      // The object itself becomes `this` of the subclass, which adds its field to it.
      return holder as Stamped;
    }
  }
  class Field extends Stamped {
    #value: T;
    constructor(holder: object, value: T) {
      super(holder);
      this.#value = value;
    }
    static has(holder: object): boolean {
      return #value in holder;
    }
    static read(holder: object): T {
      return (holder as Field).#value;
    }
    static write(holder: object, value: T): void {
      (holder as Field).#value = value;
    }
    static add(holder: object, value: T): void {
      new Field(holder, value);
    }
  }
  return Field;
}

/**
 * A value kept on an object for as long as the object lives (a request, a GraphQL context, a
 * message), as a private class field of the slot's own (the base class's constructor returns
 * the object it is given, so the subclass's field is added to that object): no reflection
 * sees it (`JSON.stringify`, spreading, `Object.keys`, `Reflect.ownKeys`, `util.inspect`),
 * nothing a client sends can set it, no proxy trap runs for it, and an object only ever
 * answers its own value, never one it inherits. Adding one costs what a property store costs
 * (a cached layout transition): a set and a read take 31 to 32 ns in one process, where
 * `Object.defineProperty` of a hidden symbol property, the way before, took 158 to 173
 * (`bench/micro/state-stamp.ts`).
 *
 * Not a `WeakMap` beside the object: V8's young-generation collector keeps a `WeakMap`'s
 * values alive while it runs, so a value kept for each request (a principal with its claims
 * and token, a loaded record) outlives the request, is promoted to the old generation and
 * waits there for a full collection. Measured at about 1 KB promoted and 8 to 14 us of CPU per
 * cold request (`bench/README.md`, "The call state and V8's young-generation collector").
 * An object that a private field cannot be added to (a non-extensible one, on a JavaScript
 * engine that refuses those) keeps its value in a `WeakMap` instead, and so does one its
 * owner puts aside ({@link setAside}): an Express request, whose layout is new on every
 * request, so that a property added to it costs a copy of its layout (2.5 to 4 us against
 * 0.6 for the map).
 */
export class HolderSlot<T> {
  private readonly field: PrivateField<T> = privateField<T>();
  private readonly closedHolders = new WeakMap<object, T>();

  /** @param description what the slot holds: a label for readers and debuggers, nothing reads it. */
  constructor(readonly description: string) {}

  /** The value kept on `holder`, if any. */
  get(holder: object): T | undefined {
    const { field } = this;
    return field.has(holder) ? field.read(holder) : this.closedHolders.get(holder);
  }

  /** Keeps `value` on `holder`, in place of any value kept before. */
  set(holder: object, value: T): void {
    const { field } = this;
    if (field.has(holder)) return field.write(holder, value);
    try {
      field.add(holder, value);
      return;
    } catch {
      // An engine that refuses private fields on a non-extensible object.
    }
    this.closedHolders.set(holder, value);
  }

  /**
   * Keeps `value` for `holder` in the `WeakMap` beside, never on it: for holders whose
   * layout (V8's hidden class) is new on each call, where adding a field is slow. The
   * holder must not already carry a value as a field (its owner always puts it aside).
   */
  setAside(holder: object, value: T): void {
    this.closedHolders.set(holder, value);
  }
}
