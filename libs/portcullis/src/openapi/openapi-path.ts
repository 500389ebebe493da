// A path-to-regexp (v8, Nest 12) parameter name: an identifier, or a quoted name.
const PARAMETER = /^[:*](?:"((?:[^"\\]|\\.)*)"|([$_\p{ID_Start}][$\u200c\u200d\p{ID_Continue}]*))/u;

/**
 * A path as Nest serves it (`/users/:id`, `/files/*path`, `/a{/:b}`) written the way
 * `@nestjs/swagger` keys it in `paths` (`/users/{id}`, `/files/{path}`, `/a/{b}`): each
 * parameter and wildcard becomes `{name}`, optional-group braces go, escapes are undone.
 */
export function openApiPath(nestPath: string): string {
  let out = '';
  for (let i = 0; i < nestPath.length;) {
    const char = nestPath[i];
    if (char === '\\' && i + 1 < nestPath.length) {
      out += nestPath[i + 1];
      i += 2;
      continue;
    }
    const parameter = char === ':' || char === '*' ? PARAMETER.exec(nestPath.slice(i)) : null;
    if (parameter !== null) {
      out += `{${parameter[1] ?? parameter[2]}}`;
      i += parameter[0].length;
      continue;
    }
    if (char !== '{' && char !== '}') out += char;
    i++;
  }
  // As @nestjs/swagger writes them: the root as `/`, every path with a leading slash.
  return out === '' || out === '/' ? '/' : out.startsWith('/') ? out : `/${out}`;
}
