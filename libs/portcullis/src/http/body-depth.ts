import { InvalidRequestException } from '../errors/portcullis.exceptions';
import { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth } from './json-depth';

/** The refusal of a body past the bound: 400 `PORTCULLIS_INVALID_REQUEST`, no stack captured. */
export function bodyTooDeep(maxDepth: number): InvalidRequestException {
  return new InvalidRequestException(`The request body nests deeper than ${maxDepth} levels.`);
}

function checkedDepth(maxDepth: number): number {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new TypeError(`maxDepth must be a whole number >= 1, got ${String(maxDepth)}`);
  }
  return maxDepth;
}

/** What body-parser calls `verify` with (Express, `app.useBodyParser('json', { verify })`). */
export type JsonBodyVerifier = (req: unknown, res: unknown, buf: Buffer, encoding: string) => void;

/**
 * A body-parser `verify` function refusing, before `JSON.parse`, a JSON body that nests deeper
 * than `maxDepth` (default {@link DEFAULT_MAX_JSON_DEPTH}) with 400. Nest hands what `verify`
 * throws to exception filters wrapped in an `HttpException` of the same status, whose `cause`
 * is the {@link InvalidRequestException}. Register it before the app starts, so it replaces
 * Nest's default JSON parser (Nest's types omit `verify`, which it sets with `rawBody: true`).
 *
 * @example
 * ```ts
 * const app = await NestFactory.create<NestExpressApplication>(AppModule);
 * app.useBodyParser('json', { verify: jsonDepthVerifier() } as object);
 * ```
 */
export function jsonDepthVerifier(maxDepth: number = DEFAULT_MAX_JSON_DEPTH): JsonBodyVerifier {
  const bound = checkedDepth(maxDepth);
  return (_req, _res, buf, encoding) => {
    if (exceedsJsonDepth(decoded(buf, encoding), bound)) throw bodyTooDeep(bound);
  };
}

/**
 * UTF-8 bytes as they are; a body in another charset (UTF-16) decoded, as its bytes alone could
 * pass for brackets or quotes. A charset Node cannot decode is refused (400), not let through.
 */
function decoded(buf: Buffer, encoding: string | undefined): Buffer | string {
  if (encoding === undefined || /^utf-?8$/i.test(encoding)) return buf;
  try {
    return new TextDecoder(encoding).decode(buf);
  } catch {
    throw new InvalidRequestException('The request body is in an unsupported charset.');
  }
}

/** What a Fastify content-type parser calls when done: with an error, or the parsed body. */
export type ParserDone = (error: Error | null, parsed?: never) => void;

/**
 * Wraps a Fastify JSON parser so that a body nesting deeper than `maxDepth` (default
 * {@link DEFAULT_MAX_JSON_DEPTH}) is refused with 400 before `parse` runs. Wrap Fastify's own
 * parser to keep its `__proto__` / `constructor` checks (it reads a Buffer as well as a
 * string), and register it before the app starts.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
 * const fastify = app.getHttpAdapter().getInstance();
 * app.useBodyParser('application/json', {}, jsonDepthParser(fastify.getDefaultJsonParser('error', 'error')));
 * ```
 */
export function jsonDepthParser<This, Request, Done extends ParserDone>(
  parse: (this: This, request: Request, body: string, done: Done) => unknown,
  maxDepth: number = DEFAULT_MAX_JSON_DEPTH,
): (this: This, request: Request, body: Buffer | string, done: Done) => void {
  const bound = checkedDepth(maxDepth);
  return function parseBoundedJson(this: This, request, body, done) {
    if (exceedsJsonDepth(body, bound)) {
      done(bodyTooDeep(bound));
      return;
    }
    // Fastify's parser (secure-json-parse) takes a Buffer too; Nest hands parsers Buffers.
    parse.call(this, request, body as string, done);
  };
}
