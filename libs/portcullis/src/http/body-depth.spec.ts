import { InvalidRequestException } from '../errors/portcullis.exceptions';
import { jsonDepthParser, jsonDepthVerifier } from './body-depth';

const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonDepthVerifier (body-parser verify)', () => {
  const verify = jsonDepthVerifier(3);

  it('lets a body at the bound through', () => {
    expect(() => verify({}, {}, Buffer.from(deep(3)), 'utf-8')).not.toThrow();
  });

  it('refuses a body one level deeper: 400 PORTCULLIS_INVALID_REQUEST', () => {
    const refuse = (): void => verify({}, {}, Buffer.from(deep(4)), 'utf-8');
    expect(refuse).toThrow(InvalidRequestException);
    expect(refuse).toThrow('The request body nests deeper than 3 levels.');
  });

  it('reads a UTF-16 body decoded, where a byte of a character could look like a quote', () => {
    // U+2200 is 0x00 0x22 in UTF-16LE: read as bytes, it would open a string.
    const json = `["\u2200",${deep(3)}]`;
    expect(() => verify({}, {}, Buffer.from(json, 'utf16le'), 'utf-16le')).toThrow(
      InvalidRequestException,
    );
    expect(() => verify({}, {}, Buffer.from('["\u2200"]', 'utf16le'), 'utf-16le')).not.toThrow();
  });

  it('refuses a charset it cannot decode: 400, not a crash', () => {
    expect(() => verify({}, {}, Buffer.from('[]'), 'utf-7x')).toThrow(InvalidRequestException);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxDepth %p at once', (maxDepth) => {
    expect(() => jsonDepthVerifier(maxDepth)).toThrow('maxDepth must be a whole number >= 1');
  });
});

describe('jsonDepthParser (Fastify content-type parser)', () => {
  const parsed: unknown[] = [];
  const inner = (_req: unknown, body: string, done: (e: Error | null, v?: never) => void): void => {
    parsed.push(JSON.parse(body.toString()));
    done(null);
  };

  beforeEach(() => (parsed.length = 0));

  it('hands a body at the bound to the wrapped parser', () => {
    const done = jest.fn();
    jsonDepthParser(inner, 2).call(undefined, {}, Buffer.from('{"a":[1]}'), done);
    expect(parsed).toEqual([{ a: [1] }]);
    expect(done).toHaveBeenCalledWith(null);
  });

  it('refuses a deeper body before parsing it', () => {
    const done = jest.fn();
    jsonDepthParser(inner, 2).call(undefined, {}, '{"a":[[1]]}', done);
    expect(parsed).toEqual([]);
    expect(done).toHaveBeenCalledWith(expect.any(InvalidRequestException));
    expect((done.mock.calls[0][0] as InvalidRequestException).getStatus()).toBe(400);
  });
});
