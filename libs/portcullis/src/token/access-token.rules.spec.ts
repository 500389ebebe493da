import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import { InvalidTokenException, PortcullisException } from '../errors/portcullis.exceptions';
import { checkClaims, checkHeader, type AccessTokenRules } from './access-token.rules';
import { CLAIM_PRESETS } from './claim-presets';

type Claims = Record<string, unknown>;

const NOW = 1_700_000_000;
const LEEWAY = 5;
const ISSUER = 'https://issuer.test/';
const AUDIENCE = 'https://api.test';

function rulesWith(overrides: Partial<AccessTokenRules> = {}): AccessTokenRules {
  return {
    algorithms: new Set(['RS256', 'PS256', 'ES256', 'EdDSA']),
    issuers: new Set([ISSUER, 'https://other-issuer.test']),
    audiences: new Set([AUDIENCE]),
    clockToleranceSeconds: LEEWAY,
    strict: false,
    mapping: CLAIM_PRESETS.generic,
    ...overrides,
  };
}

const RULES = rulesWith();
const STRICT = rulesWith({ strict: true });

const HEADER: Claims = { alg: 'RS256', typ: 'at+jwt', kid: 'key-1' };
const CLAIMS: Claims = {
  iss: ISSUER,
  sub: 'user-1',
  aud: AUDIENCE,
  exp: NOW + 600,
  nbf: NOW - 10,
  iat: NOW - 10,
  jti: 'token-1',
  client_id: 'client-1',
  scope: 'read:users',
};

/** The claims with some replaced; `undefined` removes a claim. */
function claims(changes: Claims, base: Claims = CLAIMS): Claims {
  const out: Claims = { ...base, ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete out[name];
  return out;
}

function refusalOf(check: () => void): PortcullisException {
  try {
    check();
  } catch (error) {
    if (error instanceof PortcullisException) return error;
    throw error;
  }
  throw new Error('the check passed');
}

function expectInvalidToken(
  check: () => void,
  description?: string,
  code: PortcullisErrorCode = PortcullisErrorCode.InvalidToken,
): void {
  const error = refusalOf(check);
  expect(error).toBeInstanceOf(InvalidTokenException);
  expect(error.getStatus()).toBe(401);
  expect(error.code).toBe(code);
  const header = error.responseHeaders('api')['WWW-Authenticate'];
  expect(header).toMatch(/^Bearer realm="api", error="invalid_token", error_description="[^"]+"$/);
  if (description !== undefined) {
    expect(header).toBe(
      `Bearer realm="api", error="invalid_token", error_description="${description}"`,
    );
  }
}

describe('checkHeader', () => {
  const header = (changes: Claims): Claims => claims(changes, HEADER);

  it.each(['RS256', 'PS256', 'ES256', 'EdDSA'])('accepts the allowed alg %s', (alg) => {
    expect(() => checkHeader(header({ alg }), RULES)).not.toThrow();
  });

  it.each([
    ['none', 'none'],
    ['None', 'None'],
    ['NONE', 'NONE'],
    ['HS256', 'HS256'],
    ['HS512', 'HS512'],
    ['an asymmetric alg not in the allow-list', 'RS384'],
    ['an allowed alg in another case', 'rs256'],
    ['an empty alg', ''],
    ['a missing alg', undefined],
    ['a numeric alg', 256],
    ['a null alg', null],
    ['an array alg', ['RS256']],
    ['an object alg', { name: 'RS256' }],
  ])('refuses %s', (_, alg) => {
    expectInvalidToken(
      () => checkHeader(header({ alg }), RULES),
      'The token is signed with an algorithm that is not accepted',
    );
  });

  it.each([[['exp']], [[]], ['b64'], [null], [false]])('refuses crit %j', (crit) => {
    expectInvalidToken(
      () => checkHeader(header({ crit }), RULES),
      'The token requires an unsupported extension',
    );
  });

  it.each([[''], [42], [null], [['key-1']]])('refuses kid %j', (kid) => {
    expectInvalidToken(() => checkHeader(header({ kid }), RULES), 'The token key id is malformed');
  });

  it('accepts a header without kid', () => {
    expect(() => checkHeader(header({ kid: undefined }), RULES)).not.toThrow();
  });

  it('ignores key-bearing headers: keys come from the JWKS only', () => {
    const keyBearing = header({
      jwk: { kty: 'oct', k: 'c2VjcmV0' },
      jku: 'https://evil.test',
      x5u: 'x',
      x5c: [],
    });
    expect(() => checkHeader(keyBearing, RULES)).not.toThrow();
  });

  describe('typ', () => {
    it.each([
      ['absent', undefined],
      ['JWT', 'JWT'],
      ['jwt', 'jwt'],
      ['application/jwt', 'application/jwt'],
      ['at+jwt', 'at+jwt'],
      ['AT+JWT', 'AT+JWT'],
      ['application/at+jwt', 'application/at+jwt'],
      ['Application/AT+JWT', 'Application/AT+JWT'],
    ])('accepts %s', (_, typ) => {
      expect(() => checkHeader(header({ typ }), RULES)).not.toThrow();
    });

    it.each([
      ['id+jwt', 'id+jwt'],
      ['dpop+jwt', 'dpop+jwt'],
      ['logout+jwt', 'logout+jwt'],
      ['JOSE', 'JOSE'],
      ['an empty string', ''],
      ['application/ alone', 'application/'],
      ['at+jwt with a trailing space', 'at+jwt '],
      ['a number', 1],
      ['null', null],
      ['an array', ['at+jwt']],
    ])('refuses %s', (_, typ) => {
      expectInvalidToken(
        () => checkHeader(header({ typ }), RULES),
        'The token type is not accepted',
      );
    });

    it.each(['at+jwt', 'AT+JWT', 'application/at+jwt'])('strict mode accepts %s', (typ) => {
      expect(() => checkHeader(header({ typ }), STRICT)).not.toThrow();
    });

    it.each([
      ['absent', undefined],
      ['JWT', 'JWT'],
      ['application/jwt', 'application/jwt'],
    ])('strict mode refuses %s', (_, typ) => {
      expectInvalidToken(
        () => checkHeader(header({ typ }), STRICT),
        'The token type is not accepted',
      );
    });
  });
});

describe('checkClaims', () => {
  const passes = (payload: Claims, rules: AccessTokenRules = RULES, now = NOW): void => {
    expect(() => checkClaims(payload, rules, now)).not.toThrow();
  };
  const refuses = (payload: Claims, description?: string, rules = RULES, now = NOW): void => {
    expectInvalidToken(() => checkClaims(payload, rules, now), description);
  };

  it('accepts a valid access token', () => {
    passes(CLAIMS);
    passes(claims({ nbf: undefined, iat: undefined, jti: undefined, client_id: undefined }));
  });

  describe('iss', () => {
    it('accepts any configured issuer, exactly', () => {
      passes(claims({ iss: 'https://other-issuer.test' }));
    });

    it.each([
      ['missing', undefined],
      ['without the trailing slash', 'https://issuer.test'],
      ['with a trailing slash added', 'https://other-issuer.test/'],
      ['in another case', 'HTTPS://ISSUER.TEST/'],
      ['with a path appended', 'https://issuer.test/evil'],
      ['unknown', 'https://evil.test/'],
      ['an array', [ISSUER]],
      ['a number', 1],
    ])('refuses an issuer %s', (_, iss) => {
      refuses(claims({ iss }), 'The token issuer is not trusted');
    });
  });

  describe('exp, nbf, iat and the leeway', () => {
    it.each([
      ['missing', undefined],
      ['a numeric string', '9999999999'],
      ['null', null],
      ['a boolean', true],
      ['an array', [NOW + 600]],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
    ])('refuses an exp that is %s, without coercing it', (_, exp) => {
      refuses(claims({ exp }), 'The token has no valid expiry');
    });

    it('refuses exp exactly at now - leeway as expired', () => {
      expectInvalidToken(
        () => checkClaims(claims({ exp: NOW - LEEWAY }), RULES, NOW),
        'The token has expired',
        PortcullisErrorCode.TokenExpired,
      );
    });

    it.each([
      ['long ago', NOW - 86_400],
      ['one second past the leeway', NOW - LEEWAY - 1],
    ])('refuses exp %s as expired', (_, exp) => {
      expectInvalidToken(
        () => checkClaims(claims({ exp }), RULES, NOW),
        'The token has expired',
        PortcullisErrorCode.TokenExpired,
      );
    });

    it.each([
      ['now - leeway + 1', NOW - LEEWAY + 1],
      ['now', NOW],
      ['in the future', NOW + 3600],
    ])('accepts exp at %s', (_, exp) => {
      passes(claims({ exp }));
    });

    it('uses no leeway when it is 0, with a fractional now', () => {
      const rules = rulesWith({ clockToleranceSeconds: 0 });
      expectInvalidToken(
        () => checkClaims(claims({ exp: NOW }), rules, NOW),
        'The token has expired',
        PortcullisErrorCode.TokenExpired,
      );
      expectInvalidToken(
        () => checkClaims(claims({ exp: NOW }), rules, NOW + 0.5),
        undefined,
        PortcullisErrorCode.TokenExpired,
      );
      passes(claims({ exp: NOW + 1 }), rules, NOW + 0.5);
    });

    it.each([
      ['nbf', 'The token not-before time is malformed'],
      ['iat', 'The token issued-at time is malformed'],
    ])('refuses a %s that is not a number', (claim, description) => {
      for (const value of [String(NOW), null, true, [NOW], { t: NOW }]) {
        refuses(claims({ [claim]: value }), description);
      }
    });

    it.each([
      ['nbf', 'The token is not valid yet'],
      ['iat', 'The token is issued in the future'],
    ])('refuses a %s in the future beyond the leeway, accepts it within', (claim, description) => {
      refuses(claims({ [claim]: NOW + LEEWAY + 1 }), description);
      refuses(claims({ [claim]: NOW + 3600 }), description);
      passes(claims({ [claim]: NOW + LEEWAY }));
      passes(claims({ [claim]: NOW + 1 }));
      passes(claims({ [claim]: NOW }));
    });

    it('reports an expired token as expired, not as malformed, when nbf is fine', () => {
      const error = refusalOf(() =>
        checkClaims(claims({ exp: NOW - 60, nbf: NOW - 120 }), RULES, NOW),
      );
      expect(error.code).toBe(PortcullisErrorCode.TokenExpired);
    });
  });

  describe('aud', () => {
    it.each([
      ['the audience as a string', AUDIENCE],
      ['an array holding the audience', ['https://elsewhere.test', AUDIENCE]],
    ])('accepts %s', (_, aud) => {
      passes(claims({ aud }));
    });

    it.each([
      ['another audience', 'https://elsewhere.test'],
      ['the audience with a trailing slash', `${AUDIENCE}/`],
      ['an empty array', []],
      ['an array of other audiences', ['https://a.test', 'https://b.test']],
    ])('refuses %s', (_, aud) => {
      refuses(claims({ aud }), 'The token is not meant for this API');
    });

    it.each([
      ['missing', undefined],
      ['a number', 42],
      ['null', null],
      ['an object', { aud: AUDIENCE }],
      ['an array with a number', [AUDIENCE, 42]],
      ['an array with a nested array', [[AUDIENCE]]],
    ])('refuses an aud that is %s', (_, aud) => {
      refuses(claims({ aud }), 'The token audience is missing or malformed');
    });
  });

  describe('sub', () => {
    it.each([
      ['missing', undefined],
      ['an empty string', ''],
      ['an object', { id: 'user-1' }],
      ['a number', 42],
      ['an array', ['user-1']],
      ['null', null],
    ])('refuses a sub that is %s', (_, sub) => {
      refuses(claims({ sub }), 'The token subject is missing or malformed');
    });
  });

  describe('ID tokens', () => {
    it.each([
      ['nonce', 'n-0S6_WzA2Mj'],
      ['at_hash', 'HK6E_P6Dh8Y93mRNtsDB1Q'],
      ['c_hash', 'LDktKdoQak3Pk0cnXxCltA'],
      ['s_hash', 'WZRHGrsBESr8wYFZ9sx0tA'],
      ['nonce', ''],
      ['nonce', null],
      ['typ', 'ID'],
      ['token_use', 'id'],
    ])('refuses a token with %s %j', (claim, value) => {
      refuses(claims({ [claim]: value }), 'An ID token is not an access token');
    });

    it.each([
      ['typ', 'Bearer'],
      ['token_use', 'access'],
    ])('accepts an access token with %s %j', (claim, value) => {
      passes(claims({ [claim]: value }));
    });
  });

  describe('sender-constrained tokens (RFC 9449 section 7.2, RFC 8705)', () => {
    it.each([
      ['a DPoP key thumbprint', { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' }],
      ['a certificate thumbprint', { 'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2' }],
      ['an empty cnf', {}],
      ['a malformed cnf', 'jkt'],
    ])('refuses a token bound to %s', (_, cnf) => {
      refuses(claims({ cnf }), 'A sender-constrained token is not a bearer token');
    });
  });

  describe('requiredValues', () => {
    const rules = rulesWith({
      mapping: { ...CLAIM_PRESETS.generic, requiredValues: { token_use: 'access' } },
    });

    it('accepts the exact value', () => {
      passes(claims({ token_use: 'access' }), rules);
    });

    it.each([
      ['missing', undefined],
      ['another value', 'refresh'],
      ['in another case', 'ACCESS'],
      ['an array', ['access']],
    ])('refuses a required claim %s', (_, token_use) => {
      refuses(claims({ token_use }), 'The token is not an access token for this API', rules);
    });
  });

  describe('the cognito preset', () => {
    const rules = rulesWith({
      audiences: new Set(['app-client-1']),
      mapping: CLAIM_PRESETS.cognito,
    });
    const COGNITO: Claims = {
      iss: ISSUER,
      sub: 'user-1',
      client_id: 'app-client-1',
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      exp: NOW + 600,
      iat: NOW,
      jti: 'token-1',
    };

    it('accepts an access token whose client_id is the audience', () => {
      passes(COGNITO, rules);
    });

    it.each([
      ['another client', { client_id: 'app-client-2' }],
      ['no client_id', { client_id: undefined }],
      ['no client_id but a matching aud', { client_id: undefined, aud: 'app-client-1' }],
    ])('refuses %s', (_, changes) => {
      refuses(claims(changes, COGNITO), undefined, rules);
    });

    it('refuses an ID token (token_use id, with the client in aud)', () => {
      const idToken = claims(
        { token_use: 'id', client_id: undefined, aud: 'app-client-1' },
        COGNITO,
      );
      refuses(idToken, undefined, rules);
      refuses(claims({ token_use: 'id' }, COGNITO), 'An ID token is not an access token', rules);
    });

    it.each([
      ['missing', undefined],
      ['refresh', 'refresh'],
      ['ACCESS', 'ACCESS'],
    ])('refuses token_use %s', (_, token_use) => {
      refuses(
        claims({ token_use }, COGNITO),
        'The token is not an access token for this API',
        rules,
      );
    });
  });

  describe('requireClientId (entra, hydra)', () => {
    const API_CLIENT = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
    const entra = rulesWith({ audiences: new Set([API_CLIENT]), mapping: CLAIM_PRESETS.entra });
    // An Entra v2 ID token of the API's own registration, without nonce: its aud is the
    // application id, and it names no client (ID token claims reference).
    const ENTRA_ID_TOKEN: Claims = {
      iss: ISSUER,
      aud: API_CLIENT,
      sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      oid: '00000000-0000-0000-66f3-3332eca7ea81',
      tid: '9122040d-6c67-4c5b-b112-36a304b66dad',
      preferred_username: 'alice@example.com',
      ver: '2.0',
      exp: NOW + 600,
      iat: NOW,
      nbf: NOW,
    };

    it('refuses an ID token without azp or appid', () => {
      refuses(ENTRA_ID_TOKEN, 'The token does not name its client', entra);
    });

    it.each([
      ['azp (v2)', { azp: 'spa-client' }],
      ['appid (v1)', { appid: 'spa-client' }],
    ])('accepts an access token naming its client in %s', (_, client) => {
      passes(claims(client, ENTRA_ID_TOKEN), entra);
    });

    it.each([
      ['an empty azp', { azp: '' }],
      ['a numeric appid', { appid: 7 }],
      ['client_id, not an Entra claim', { client_id: 'spa-client' }],
    ])('refuses %s', (_, client) => {
      refuses(claims(client, ENTRA_ID_TOKEN), 'The token does not name its client', entra);
    });

    it('hydra: refuses a token without client_id; the generic preset does not ask', () => {
      const hydra = rulesWith({ mapping: CLAIM_PRESETS.hydra });
      refuses(claims({ client_id: undefined }), 'The token does not name its client', hydra);
      passes(claims({}), hydra);
      passes(claims({ client_id: undefined }));
    });
  });

  describe('strict RFC 9068 mode', () => {
    it('accepts a token with client_id, iat and jti', () => {
      passes(CLAIMS, STRICT);
    });

    it.each([
      ['no client_id', { client_id: undefined }],
      ['an empty client_id', { client_id: '' }],
      ['a numeric client_id', { client_id: 7 }],
      ['no jti', { jti: undefined }],
      ['an empty jti', { jti: '' }],
      ['a numeric jti', { jti: 7 }],
      ['no iat', { iat: undefined }],
    ])('refuses %s', (_, changes) => {
      refuses(claims(changes), 'The token lacks a required claim', STRICT);
    });

    it.each([
      ['no client_id', { client_id: undefined }],
      ['no jti', { jti: undefined }],
      ['no iat', { iat: undefined }],
    ])('lets %s through outside strict mode', (_, changes) => {
      passes(claims(changes));
    });
  });
});
