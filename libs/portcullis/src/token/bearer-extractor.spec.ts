import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import {
  InvalidRequestException,
  MissingTokenException,
  PortcullisException,
} from '../errors/portcullis.exceptions';
import { extractBearerToken, type BearerRequestView } from './bearer-extractor';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';

function withAuthorization(...values: string[]): BearerRequestView {
  return { rawHeaders: ['Host', 'api.test', ...values.flatMap((v) => ['Authorization', v])] };
}

function refusalOf(request: BearerRequestView): PortcullisException {
  try {
    extractBearerToken(request);
  } catch (error) {
    if (error instanceof PortcullisException) return error;
    throw error;
  }
  throw new Error('extractBearerToken returned a token');
}

function expectMissingToken(request: BearerRequestView): void {
  const error = refusalOf(request);
  expect(error).toBeInstanceOf(MissingTokenException);
  expect(error.getStatus()).toBe(401);
  expect(error.code).toBe(PortcullisErrorCode.MissingToken);
  expect(error.responseHeaders('api')).toEqual({ 'WWW-Authenticate': 'Bearer realm="api"' });
}

function expectInvalidRequest(request: BearerRequestView): void {
  const error = refusalOf(request);
  expect(error).toBeInstanceOf(InvalidRequestException);
  expect(error.getStatus()).toBe(400);
  expect(error.code).toBe(PortcullisErrorCode.InvalidRequest);
  expect(error.responseHeaders('api')['WWW-Authenticate']).toMatch(
    /^Bearer realm="api", error="invalid_request", error_description="[^"]+"$/,
  );
}

describe('extractBearerToken', () => {
  describe('accepts one bearer token in the Authorization header', () => {
    it.each([
      ['Bearer', `Bearer ${TOKEN}`],
      ['lower-case scheme', `bearer ${TOKEN}`],
      ['upper-case scheme', `BEARER ${TOKEN}`],
      ['mixed-case scheme', `bEaReR ${TOKEN}`],
      ['several spaces after the scheme', `Bearer    ${TOKEN}`],
      ['surrounding whitespace', `  Bearer ${TOKEN}  `],
    ])('%s', (_, header) => {
      expect(extractBearerToken(withAuthorization(header))).toBe(TOKEN);
    });

    it.each([
      ['every b64token character', 'AZaz09-._~+/'],
      ['trailing padding', 'abc=='],
      ['an opaque token', 'mF_9.B5f-4.1JqM'],
    ])('%s', (_, token) => {
      expect(extractBearerToken(withAuthorization(`Bearer ${token}`))).toBe(token);
    });

    it.each(['authorization', 'AUTHORIZATION', 'AuThOrIzAtIoN'])('header named %s', (name) => {
      expect(extractBearerToken({ rawHeaders: [name, `Bearer ${TOKEN}`] })).toBe(TOKEN);
    });

    it('ignores unrelated query and body parameters', () => {
      const request = {
        ...withAuthorization(`Bearer ${TOKEN}`),
        query: { page: '2' },
        body: { name: 'x' },
      };
      expect(extractBearerToken(request)).toBe(TOKEN);
    });

    it('ignores an access_token inherited from a prototype', () => {
      const query = Object.create({ access_token: 'inherited' }) as object;
      expect(extractBearerToken({ ...withAuthorization(`Bearer ${TOKEN}`), query })).toBe(TOKEN);
    });

    it('ignores a body that is not an object', () => {
      const request = { ...withAuthorization(`Bearer ${TOKEN}`), body: 'access_token=abc' };
      expect(extractBearerToken(request)).toBe(TOKEN);
    });
  });

  describe('answers 401 without an error code when no bearer credentials are sent', () => {
    it('no Authorization header', () => {
      expectMissingToken({ rawHeaders: ['Host', 'api.test', 'Accept', '*/*'] });
    });

    it('no headers at all', () => {
      expectMissingToken({ rawHeaders: [] });
    });

    it('an Authorization-like header of another name', () => {
      expectMissingToken({ rawHeaders: ['Proxy-Authorization', `Bearer ${TOKEN}`] });
    });

    it.each([
      ['a dotless i', 'Author\u0131zation'],
      ['a Cyrillic a', 'Authoriz\u0430tion'],
    ])('a header name that only looks like Authorization (%s)', (_, name) => {
      expectMissingToken({ rawHeaders: [name, `Bearer ${TOKEN}`] });
    });

    it.each([
      ['Basic', 'Basic dXNlcjpwYXNz'],
      ['Token', `Token ${TOKEN}`],
      ['a scheme that starts with Bearer', 'Bearerx abc'],
      ['Bearer glued to the token', `Bearer${TOKEN}`],
      ['an empty value', ''],
      ['only spaces', '     '],
      ['a tab instead of a space', `Bearer\t${TOKEN}`],
      ['a scheme with a Cyrillic e', `B\u0435arer ${TOKEN}`],
      ['a scheme with a control character for a capital', `B\u0005ARER ${TOKEN}`],
    ])('%s', (_, header) => {
      expectMissingToken(withAuthorization(header));
    });
  });

  describe('answers 400 invalid_request to a malformed request', () => {
    it.each([
      ['Bearer alone', 'Bearer'],
      ['Bearer and trailing spaces', 'Bearer    '],
      ['two tokens', 'Bearer a b'],
      ['a token and a trailing word', `Bearer ${TOKEN} extra`],
      ['a quote', 'Bearer "abc"'],
      ['a comma', 'Bearer abc,def'],
      ['a non-ASCII letter', 'Bearer abcé'],
      ['an emoji', 'Bearer abc\u{1F600}'],
      ['a control character', 'Bearer abc\u0000'],
      ['= in the middle', 'Bearer ab=cd'],
      ['padding only', 'Bearer ='],
      ['padding only, twice', 'Bearer =='],
      ['a colon', 'Bearer user:pass'],
    ])('%s', (_, header) => {
      expectInvalidRequest(withAuthorization(header));
    });

    it('says which problem it found, without echoing the header', () => {
      const error = refusalOf(withAuthorization('Bearer "secret"'));
      expect(error.responseHeaders('api')).toEqual({
        'WWW-Authenticate':
          'Bearer realm="api", error="invalid_request", error_description="The Bearer credentials are malformed"',
      });
      expect(JSON.stringify(error.getResponse())).not.toContain('secret');
    });

    it.each([
      ['same case', ['Authorization', `Bearer ${TOKEN}`, 'Authorization', `Bearer ${TOKEN}`]],
      ['different cases', ['authorization', `Bearer ${TOKEN}`, 'AUTHORIZATION', `Bearer ${TOKEN}`]],
      ['a Bearer and a Basic', ['Authorization', `Bearer ${TOKEN}`, 'authorization', 'Basic abc']],
      ['two empty values', ['Authorization', '', 'Authorization', '']],
    ])('two Authorization headers, %s', (_, rawHeaders) => {
      expectInvalidRequest({ rawHeaders });
    });

    it.each([
      ['the query', { query: { access_token: TOKEN } }],
      ['the body', { body: { access_token: TOKEN } }],
      [
        'a null-prototype query',
        { query: Object.assign(Object.create(null) as object, { access_token: TOKEN }) },
      ],
      ['the query, even empty', { query: { access_token: '' } }],
    ])('a header token and another in %s', (_, extra) => {
      expectInvalidRequest({ ...withAuthorization(`Bearer ${TOKEN}`), ...extra });
    });

    it.each([
      ['the query', { query: { access_token: TOKEN } }],
      ['the body', { body: { access_token: TOKEN } }],
    ])('a token only in %s (accepted in the header only)', (_, extra) => {
      expectInvalidRequest({ rawHeaders: [], ...extra });
    });

    it.each([
      ['the query', { query: { access_token: TOKEN } }],
      ['the body', { body: { access_token: TOKEN } }],
    ])('a token in %s beside another scheme in the header', (_, extra) => {
      expectInvalidRequest({ ...withAuthorization('Basic dXNlcjpwYXNz'), ...extra });
    });
  });

  describe('handles oversized headers in one pass', () => {
    it.each([16 * 1024, 1024 * 1024])('%i bytes', (size) => {
      expectMissingToken(withAuthorization(' '.repeat(size)));
      expectMissingToken(withAuthorization('a'.repeat(size)));
      expectMissingToken(withAuthorization('B'.repeat(size) + ' x'));
      expectInvalidRequest(withAuthorization(`Bearer ${' '.repeat(size)}`));
      expectInvalidRequest(withAuthorization(`Bearer ${' '.repeat(size)}a b`));
      expectInvalidRequest(withAuthorization(`Bearer ${'a'.repeat(size)}"`));
      expectInvalidRequest(withAuthorization(`Bearer ${'='.repeat(size)}a`));
      expectInvalidRequest(withAuthorization(`Bearer ${'a '.repeat(size / 2)}`));
      const long = 'a'.repeat(size);
      expect(extractBearerToken(withAuthorization(`Bearer ${long}`))).toBe(long);
    });

    it('many headers', () => {
      const rawHeaders = Array.from({ length: 20_000 }, (_, i) => [`X-Header-${i}`, 'v']).flat();
      expectMissingToken({ rawHeaders });
      expect(
        extractBearerToken({ rawHeaders: [...rawHeaders, 'authorization', `Bearer ${TOKEN}`] }),
      ).toBe(TOKEN);
    });
  });
  describe('a token the caller knows (verified before) skips only the character check', () => {
    it('asks about the token itself, and returns it', () => {
      const asked: string[] = [];
      const isKnown = (token: string) => (asked.push(token), true);
      expect(extractBearerToken(withAuthorization(`Bearer ${TOKEN}`), isKnown)).toBe(TOKEN);
      expect(asked).toEqual([TOKEN]);
    });

    it('still refuses two headers, another scheme, empty credentials and a token also in the query or body', () => {
      const known = () => true;
      const refusal = (request: BearerRequestView) => () => extractBearerToken(request, known);
      expect(refusal(withAuthorization(`Bearer ${TOKEN}`, `Bearer ${TOKEN}`))).toThrow(
        InvalidRequestException,
      );
      expect(refusal(withAuthorization(`Basic ${TOKEN}`))).toThrow(MissingTokenException);
      expect(refusal(withAuthorization('Bearer '))).toThrow(InvalidRequestException);
      expect(
        refusal({ ...withAuthorization(`Bearer ${TOKEN}`), query: { access_token: TOKEN } }),
      ).toThrow('More than one access token in the request');
    });

    it('checks the characters of a token it does not know', () => {
      expect(() => extractBearerToken(withAuthorization('Bearer a"b'), () => false)).toThrow(
        'The Bearer credentials are malformed',
      );
    });
  });
});
