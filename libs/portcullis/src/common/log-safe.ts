/** Longest value written into a log line; the rest is cut and marked. */
const MAX_LOGGED_LENGTH = 200;

/**
 * C0 and C1 controls, DEL, and the Unicode line, paragraph and bidirectional-override
 * characters: anything that can start a forged log line or reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(char: string): string {
  switch (char) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/**
 * A value from a request (a route param, a claim, a header, a key id) made safe to write
 * into a log line: control and line-breaking characters are escaped (`\r\n` becomes the
 * four characters `\r\n`), and it is cut to 200 characters. Non-strings are stringified.
 *
 * @example
 * ```ts
 * logger.debug(`refused to '${logSafe(principal.sub)}'`);
 * ```
 */
export function logSafe(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut =
    text.length > MAX_LOGGED_LENGTH ? `${text.slice(0, MAX_LOGGED_LENGTH)}...(cut)` : text;
  return cut.replace(UNSAFE, escapeChar);
}
