/**
 * The default bound on how deeply a request body may nest arrays and objects. Real API bodies
 * rarely go past 5 levels; 32 leaves room for any of them, while a body 1,500 levels deep (3 kB)
 * would otherwise reach recursive code (class-transformer, validators, ORMs) and end in
 * `RangeError: Maximum call stack size exceeded`, a 500.
 */
export const DEFAULT_MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether raw JSON text nests arrays and objects deeper than `maxDepth` (`[]` and `{}` are depth
 * 1, a scalar 0), read before it is parsed. One pass, no allocation, stops as soon as the bound
 * is passed; brackets inside strings (escapes included) do not count. It does not check that the
 * text is valid JSON: the parser that runs next does. Bytes are read as UTF-8 (whose multi-byte
 * sequences never contain ASCII bytes); give other encodings as a decoded string.
 *
 * @example
 * ```ts
 * exceedsJsonDepth('{"a":[[1]]}', 2); // true: depth 3
 * exceedsJsonDepth('{"a":"[[[["}', 1); // false: brackets in a string
 * ```
 */
export function exceedsJsonDepth(
  json: Uint8Array | string,
  maxDepth: number = DEFAULT_MAX_JSON_DEPTH,
): boolean {
  const at: (i: number) => number =
    typeof json === 'string' ? (i) => json.charCodeAt(i) : (i) => json[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const code = at(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      // Unbalanced closers are the parser's business; never let them buy extra depth.
      if (depth > 0) depth--;
    }
  }
  return false;
}

/**
 * Whether a parsed value (a request body) nests arrays and objects deeper than `maxDepth`,
 * counted as {@link exceedsJsonDepth} does. Iterative, so a value of any depth is measured
 * without recursion; it visits each array element and own enumerable property at most once,
 * and stops at the first one past the bound.
 *
 * @example
 * ```ts
 * valueExceedsDepth({ a: [[1]] }, 2); // true
 * ```
 */
export function valueExceedsDepth(
  value: unknown,
  maxDepth: number = DEFAULT_MAX_JSON_DEPTH,
): boolean {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const { node, depth } = pending.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > maxDepth) return true;
    // A parsed body has no cycles; an object built in code might, and must not loop forever.
    if (seen.has(node)) continue;
    seen.add(node);
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (typeof child === 'object' && child !== null)
        pending.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}
