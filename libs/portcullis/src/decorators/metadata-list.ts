/**
 * A decorator that adds `items` to the list under `key` on a class or a method, so that
 * each use of a decorator adds one requirement instead of replacing the previous one
 * (`SetMetadata` and `Reflector.createDecorator` replace). A class also keeps the items of
 * the class it extends.
 */
export function addToMetadataList<T>(
  key: string,
  items: readonly T[],
): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder: object = descriptor === undefined ? target : (descriptor.value as object);
    const existing = (Reflect.getMetadata(key, holder) as T[] | undefined) ?? [];
    // Decorators apply bottom-up: putting each one's items first keeps the order as written.
    Reflect.defineMetadata(key, [...items, ...existing], holder);
  };
}

/** The lists under `key` on each target, concatenated in order (e.g. handler, then class). */
export function readMetadataLists<T>(key: string, targets: readonly object[]): T[] {
  return targets.flatMap((target) => (Reflect.getMetadata(key, target) as T[] | undefined) ?? []);
}
