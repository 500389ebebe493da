import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import { InvalidTokenException, PortcullisException } from '../errors/portcullis.exceptions';
import { decodeJwt } from './jwt-decode';

const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const segment = (value: unknown): string => b64url(JSON.stringify(value));

const HEADER = segment({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' });
const PAYLOAD = segment({ sub: 'user-1', scope: 'read', nested: { a: [1, 2] } });
const SIGNATURE = b64url('signature bytes');

function expectMalformed(token: string): void {
  let thrown: unknown;
  try {
    decodeJwt(token);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidTokenException);
  const error = thrown as PortcullisException;
  expect(error.getStatus()).toBe(401);
  expect(error.code).toBe(PortcullisErrorCode.InvalidToken);
  expect(error.responseHeaders('api')).toEqual({
    'WWW-Authenticate':
      'Bearer realm="api", error="invalid_token", error_description="The access token is malformed"',
  });
}

describe('decodeJwt', () => {
  it('decodes the header and the payload of a compact JWS', () => {
    expect(decodeJwt(`${HEADER}.${PAYLOAD}.${SIGNATURE}`)).toEqual({
      header: { alg: 'RS256', typ: 'at+jwt', kid: 'k1' },
      payload: { sub: 'user-1', scope: 'read', nested: { a: [1, 2] } },
    });
  });

  it('decodes UTF-8 claims', () => {
    const { payload } = decodeJwt(`${HEADER}.${segment({ name: 'Zoë 漢字' })}.${SIGNATURE}`);
    expect(payload).toEqual({ name: 'Zoë 漢字' });
  });

  it('keeps a __proto__ claim as an own property without touching prototypes', () => {
    const { payload } = decodeJwt(
      `${HEADER}.${b64url('{"__proto__":{"polluted":true}}')}.${SIGNATURE}`,
    );
    expect(Object.prototype.hasOwnProperty.call(payload, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((payload as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('refuses anything but three base64url segments', () => {
    it.each([
      ['an empty string', ''],
      ['one segment', HEADER],
      ['two segments', `${HEADER}.${PAYLOAD}`],
      ['an empty signature (unsecured JWS)', `${HEADER}.${PAYLOAD}.`],
      ['an empty header', `.${PAYLOAD}.${SIGNATURE}`],
      ['an empty payload', `${HEADER}..${SIGNATURE}`],
      ['four segments', `${HEADER}.${PAYLOAD}.${SIGNATURE}.${SIGNATURE}`],
      ['a JWE (five segments)', `${HEADER}.${PAYLOAD}.${SIGNATURE}.${SIGNATURE}.${SIGNATURE}`],
      ['only dots', '..'],
      ['standard base64 +', `${HEADER}.${PAYLOAD}.ab+c`],
      ['standard base64 /', `${HEADER}.${PAYLOAD}.ab/c`],
      ['base64 padding', `${HEADER}.${PAYLOAD}.abc=`],
      ['a space', `${HEADER}.${PAYLOAD}.ab c`],
      ['a non-ASCII character', `${HEADER}.${PAYLOAD}.abcé`],
      ['a segment of impossible length (4n+1)', `${HEADER}.${PAYLOAD}.abcde`],
    ])('%s', (_, token) => {
      expectMalformed(token);
    });
  });

  describe('refuses a header or payload that is not a JSON object', () => {
    it.each([
      ['not JSON', b64url('not json')],
      ['truncated JSON', b64url('{"alg":"RS256"')],
      ['a JSON string', segment('RS256')],
      ['a JSON number', segment(42)],
      ['JSON null', segment(null)],
      ['a JSON array', segment([{ alg: 'RS256' }])],
      ['JSON true', segment(true)],
    ])('%s', (_, bad) => {
      expectMalformed(`${bad}.${PAYLOAD}.${SIGNATURE}`);
      expectMalformed(`${HEADER}.${bad}.${SIGNATURE}`);
    });
  });

  it('splits a long token quickly and refuses it when its parts are not JSON', () => {
    expectMalformed(`${'a'.repeat(1024 * 1024)}.${PAYLOAD}.${SIGNATURE}`);
    expectMalformed('.'.repeat(1024 * 1024));
  });
});
