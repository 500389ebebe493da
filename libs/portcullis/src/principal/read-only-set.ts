function refuseChange(): never {
  throw new TypeError('A principal is read-only: it is cached and shared between requests');
}

/**
 * A set of strings that refuses `add`, `delete` and `clear` once filled: the sets of a
 * principal. Principals are cached per token and shared by every request that token makes,
 * and the empty set is shared by all of them, so one handler's change must not reach another
 * request. A subclass (rather than methods redefined on each set) keeps every principal's
 * sets on one shape, and lets code that caches by principal know that they cannot change.
 */
export class ReadOnlySet extends Set<string> {
  constructor(items: Iterable<string>) {
    super();
    for (const item of items) super.add(item);
    Object.freeze(this);
  }

  override add(): never {
    return refuseChange();
  }

  override delete(): never {
    return refuseChange();
  }

  override clear(): never {
    return refuseChange();
  }
}
