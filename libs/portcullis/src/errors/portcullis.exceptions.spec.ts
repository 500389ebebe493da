import {
  AccessDeniedException,
  InvalidTokenException,
  KeysUnavailableException,
} from './portcullis.exceptions';

describe('PortcullisException', () => {
  it('captures no stack frames for a refusal, and leaves the stack limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const refusals = [
      new InvalidTokenException('The token has expired'),
      new AccessDeniedException(),
    ];

    for (const refusal of refusals) {
      expect(refusal.stack).toBe(`${refusal.name}: ${refusal.message}`);
    }
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('other').stack).toContain('\n    at ');
  });

  it('keeps the stack of a 503', () => {
    expect(new KeysUnavailableException(5).stack).toContain('\n    at ');
  });

  it('answers as before: status, body and challenge', () => {
    const refusal = new InvalidTokenException('The token has expired');
    expect(refusal.getStatus()).toBe(401);
    expect(refusal.getResponse()).toEqual({
      statusCode: 401,
      code: 'PORTCULLIS_INVALID_TOKEN',
      message: 'The token has expired',
    });
    expect(refusal.responseHeaders('api')).toEqual({
      'WWW-Authenticate':
        'Bearer realm="api", error="invalid_token", error_description="The token has expired"',
    });
  });
});
