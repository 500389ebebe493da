// `node dist/bench/bench/micro/state-stamp.js`: what keeping a value on a request costs, in one
// process: the two ways `HolderSlot` (libs/portcullis/src/common/holder-slot.ts) has kept the
// call state on a Fastify request, each on a new instance of one request class (as Fastify's
// requests are): a hidden symbol property set with `Object.defineProperty` (until 2026-12-02)
// and a private class field added by a base class whose constructor returns the object it is
// given (since). Each figure is a set and a read, the request's own allocation included
// (`none`: the allocation alone). Least nanoseconds per call over the passes.
//
// Then the same on requests shaped as Express's, whose prototype Express sets on each request
// (they share a layout, but a property added to one copies it): the `WeakMap` the call state is kept in on Express, one map for
// the process, whose entries stay until the collector clears their dead keys; the private field
// added to the request itself; and a private field on a null-prototype object made with each
// request (as Express's `res.locals`).

const CALLS = 2_000_000;
const PASSES = 7;

/** A request as Fastify makes them: instances of one class. */
class Request {
  readonly raw = {};
  readonly params = {};
  readonly query = null;
  readonly body = undefined;
  constructor(readonly id: number) {}
}

type Keeper = { set(holder: object, value: unknown): void; get(holder: object): unknown };

const KEY = Symbol('state');
const symbolProperty: Keeper = {
  set(holder, value) {
    if (Object.hasOwn(holder, KEY)) (holder as Record<symbol, unknown>)[KEY] = value;
    else Object.defineProperty(holder, KEY, { value, writable: true });
  },
  get: (holder) =>
    Object.hasOwn(holder, KEY) ? (holder as Record<symbol, unknown>)[KEY] : undefined,
};

class Stamped {
  constructor(holder: object) {
    return holder as Stamped;
  }
}
class Field extends Stamped {
  #value: unknown;
  constructor(holder: object, value: unknown) {
    super(holder);
    this.#value = value;
  }
  static has = (holder: object): boolean => #value in holder;
  static read = (holder: object): unknown => (holder as Field).#value;
  static write = (holder: object, value: unknown): void => {
    (holder as Field).#value = value;
  };
}
const privateField: Keeper = {
  set(holder, value) {
    if (Field.has(holder)) Field.write(holder, value);
    else new Field(holder, value);
  },
  get: (holder) => (Field.has(holder) ? Field.read(holder) : undefined),
};

const none: Keeper = { set() {}, get: () => undefined };

const beside = new WeakMap<object, unknown>();
const weakMap: Keeper = {
  set: (holder, value) => beside.set(holder, value),
  get: (holder) => beside.get(holder),
};

/** What Express's requests inherit from, set on each request as Express does. */
const EXPRESS_REQUEST = Object.create(Request.prototype) as object;

type Make = (i: number) => object;
const fastifyRequest: Make = (i) => new Request(i);
const expressRequest: Make = (i) => Object.setPrototypeOf(new Request(i), EXPRESS_REQUEST);
const nullPrototypeObject: Make = () => Object.create(null) as object;

function leastNanos(keeper: Keeper, make: Make = fastifyRequest): number {
  let least = Infinity;
  let sink = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) {
      const request = make(i);
      keeper.set(request, i);
      if (keeper.get(request) === i) sink++;
    }
    least = Math.min(least, Number(process.hrtime.bigint() - start) / CALLS);
  }
  if (sink === -1) console.log(sink);
  return least;
}

for (const [name, keeper, make] of [
  ['none', none, fastifyRequest],
  ['symbol property (defineProperty)', symbolProperty, fastifyRequest],
  ['private class field', privateField, fastifyRequest],
  ['Express-shaped: none', none, expressRequest],
  ['Express-shaped: WeakMap beside', weakMap, expressRequest],
  ['Express-shaped: private field', privateField, expressRequest],
  ['null-prototype object: private field', privateField, nullPrototypeObject],
] as const) {
  console.log(`${name.padEnd(38)} ${leastNanos(keeper, make).toFixed(1)} ns`);
}
