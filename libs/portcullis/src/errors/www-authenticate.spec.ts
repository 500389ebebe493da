import { PortcullisErrorCode } from './portcullis-error-codes';
import {
  AccessDeniedException,
  InsufficientScopeException,
  InvalidRequestException,
  InvalidTokenException,
  KeysUnavailableException,
  MissingTokenException,
  ResourceNotFoundException,
  type PortcullisException,
} from './portcullis.exceptions';
import { bearerChallenge } from './www-authenticate';

describe('bearerChallenge', () => {
  it.each([
    [{}, 'Bearer'],
    [{ realm: 'api' }, 'Bearer realm="api"'],
    [{ realm: '' }, 'Bearer realm=""'],
    [
      { realm: 'api', error: 'invalid_token', errorDescription: 'The token has expired' },
      'Bearer realm="api", error="invalid_token", error_description="The token has expired"',
    ],
    [
      { realm: 'api', error: 'insufficient_scope', scope: 'read:users write:users' },
      'Bearer realm="api", error="insufficient_scope", scope="read:users write:users"',
    ],
    [{ error: 'invalid_request' }, 'Bearer error="invalid_request"'],
  ] as const)('%j gives %s', (challenge, header) => {
    expect(bearerChallenge(challenge)).toBe(header);
  });

  it.each([
    ['a double quote', 'say "hi"', "say 'hi'"],
    ['a backslash', 'a\\b', 'a b'],
    ['CR LF (header injection)', 'x\r\nSet-Cookie: a=b', 'x  Set-Cookie: a=b'],
    ['a tab', 'a\tb', 'a b'],
    ['non-ASCII', 'Zoë 漢', 'Zo   '],
    ['DEL', 'a\u007fb', 'a b'],
  ])('replaces %s in a quoted value', (_, value, replaced) => {
    expect(bearerChallenge({ realm: value, errorDescription: value, scope: value })).toBe(
      `Bearer realm="${replaced}", error_description="${replaced}", scope="${replaced}"`,
    );
  });

  it('keeps every printable ASCII character but " and \\', () => {
    let printable = '';
    for (let c = 0x20; c <= 0x7e; c++)
      if (c !== 0x22 && c !== 0x5c) printable += String.fromCharCode(c);
    expect(bearerChallenge({ realm: printable })).toBe(`Bearer realm="${printable}"`);
  });
});

describe('Portcullis exceptions', () => {
  it.each<[string, PortcullisException, number, string, Record<string, string>]>([
    [
      'MissingTokenException',
      new MissingTokenException(),
      401,
      PortcullisErrorCode.MissingToken,
      { 'WWW-Authenticate': 'Bearer realm="api"' },
    ],
    [
      'InvalidRequestException',
      new InvalidRequestException('More than one Authorization header'),
      400,
      PortcullisErrorCode.InvalidRequest,
      {
        'WWW-Authenticate':
          'Bearer realm="api", error="invalid_request", error_description="More than one Authorization header"',
      },
    ],
    [
      'InvalidTokenException',
      new InvalidTokenException('The token issuer is not trusted'),
      401,
      PortcullisErrorCode.InvalidToken,
      {
        'WWW-Authenticate':
          'Bearer realm="api", error="invalid_token", error_description="The token issuer is not trusted"',
      },
    ],
    [
      'InvalidTokenException (expired)',
      new InvalidTokenException('The token has expired', PortcullisErrorCode.TokenExpired),
      401,
      PortcullisErrorCode.TokenExpired,
      {
        'WWW-Authenticate':
          'Bearer realm="api", error="invalid_token", error_description="The token has expired"',
      },
    ],
    [
      'InsufficientScopeException',
      new InsufficientScopeException(['read:users', 'write:users']),
      403,
      PortcullisErrorCode.InsufficientScope,
      {
        'WWW-Authenticate':
          'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:users write:users"',
      },
    ],
    ['AccessDeniedException', new AccessDeniedException(), 403, PortcullisErrorCode.Forbidden, {}],
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException(),
      404,
      PortcullisErrorCode.NotFound,
      {},
    ],
    [
      'KeysUnavailableException',
      new KeysUnavailableException(30),
      503,
      PortcullisErrorCode.KeysUnavailable,
      { 'Retry-After': '30' },
    ],
  ])('%s answers its status, code and headers', (_, exception, status, code, headers) => {
    expect(exception.getStatus()).toBe(status);
    expect(exception.code).toBe(code);
    expect(exception.responseHeaders('api')).toEqual(headers);
    expect(exception.getResponse()).toEqual({
      statusCode: status,
      code,
      message: expect.any(String),
    });
  });

  it('puts the realm it is given in the challenge, and none without one', () => {
    const exception = new InvalidTokenException('The token has expired');
    expect(exception.responseHeaders('orders')['WWW-Authenticate']).toMatch(
      /^Bearer realm="orders", /,
    );
    expect(exception.responseHeaders()).toEqual({
      'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The token has expired"',
    });
    expect(new MissingTokenException().responseHeaders()).toEqual({ 'WWW-Authenticate': 'Bearer' });
  });

  it('sanitises a realm that would break the header', () => {
    expect(new MissingTokenException().responseHeaders('my "api"\r\n')).toEqual({
      'WWW-Authenticate': `Bearer realm="my 'api'  "`,
    });
  });

  it('keeps the description of a 400 and 401 in the body', () => {
    expect(new InvalidTokenException('The token has expired').getResponse()).toEqual({
      statusCode: 401,
      code: PortcullisErrorCode.InvalidToken,
      message: 'The token has expired',
    });
  });

  it('an empty list of required scopes gives an empty scope', () => {
    expect(new InsufficientScopeException([]).responseHeaders('api')['WWW-Authenticate']).toMatch(
      /, scope=""$/,
    );
  });
});
