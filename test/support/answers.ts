import { PortcullisErrorCode } from 'nest-portcullis';
import type { Response } from 'supertest';
import { errorCode, type RawAnswer } from './raw-http';

/** The realm of every challenge in these scenarios (the module's default). */
export const REALM = 'api';

/** Stable `code`s of the answers, as a client reads them. */
export const CODE = {
  missing: 'PORTCULLIS_MISSING_TOKEN',
  invalidRequest: 'PORTCULLIS_INVALID_REQUEST',
  invalidToken: 'PORTCULLIS_INVALID_TOKEN',
  expired: 'PORTCULLIS_TOKEN_EXPIRED',
  keysUnavailable: 'PORTCULLIS_KEYS_UNAVAILABLE',
} as const;

/** The answer shape a test compares: status, the two challenge headers and the body. */
export interface Answer {
  status: number;
  wwwAuthenticate: string | undefined;
  retryAfter: string | undefined;
  body: unknown;
}

/** What a client sees of a response. */
export function answerOf(response: Response): Answer {
  return {
    status: response.status,
    wwwAuthenticate: response.headers['www-authenticate'],
    retryAfter: response.headers['retry-after'],
    body: response.body,
  };
}

/** 401 with a bare challenge: no credentials were sent (RFC 6750 section 3.1). */
export function missingToken(realm = REALM): Answer {
  return {
    status: 401,
    wwwAuthenticate: `Bearer realm="${realm}"`,
    retryAfter: undefined,
    body: { statusCode: 401, code: CODE.missing, message: 'An access token is required.' },
  };
}

/** 400 `invalid_request` with its description. */
export function invalidRequest(description: string, realm = REALM): Answer {
  return {
    status: 400,
    wwwAuthenticate: `Bearer realm="${realm}", error="invalid_request", error_description="${description}"`,
    retryAfter: undefined,
    body: { statusCode: 400, code: CODE.invalidRequest, message: description },
  };
}

/** 401 `invalid_token` with its description (and `PORTCULLIS_TOKEN_EXPIRED` when expired). */
export function invalidToken(description: string, code: string = CODE.invalidToken): Answer {
  return {
    status: 401,
    wwwAuthenticate: `Bearer realm="${REALM}", error="invalid_token", error_description="${description}"`,
    retryAfter: undefined,
    body: { statusCode: 401, code, message: description },
  };
}

/** 503 with `Retry-After` and no challenge: the keys cannot be had now. */
export function keysUnavailable(retryAfterSeconds = 1): Answer {
  return {
    status: 503,
    wwwAuthenticate: undefined,
    retryAfter: String(retryAfterSeconds),
    body: {
      statusCode: 503,
      code: CODE.keysUnavailable,
      message: 'The token cannot be verified right now. Try again later.',
    },
  };
}

/** The descriptions of `invalid_token` answers, as the library words them. */
export const DESCRIPTION = {
  malformed: 'The access token is malformed',
  invalid: 'The access token is invalid',
  algorithm: 'The token is signed with an algorithm that is not accepted',
  signature: 'The token signature is invalid',
  unknownKey: 'The token is signed with an unknown key',
  kid: 'The token key id is malformed',
  crit: 'The token requires an unsupported extension',
  type: 'The token type is not accepted',
  issuer: 'The token issuer is not trusted',
  audienceMalformed: 'The token audience is missing or malformed',
  audience: 'The token is not meant for this API',
  expiry: 'The token has no valid expiry',
  expired: 'The token has expired',
  notYet: 'The token is not valid yet',
  futureIat: 'The token is issued in the future',
  nbfMalformed: 'The token not-before time is malformed',
  iatMalformed: 'The token issued-at time is malformed',
  subject: 'The token subject is missing or malformed',
  idToken: 'An ID token is not an access token',
  senderConstrained: 'A sender-constrained token is not a bearer token',
  requiredValue: 'The token is not an access token for this API',
  requiredClaim: 'The token lacks a required claim',
} as const;

// Checks for answers read through the raw client, where the expected description is not known.
const CODES = new Set<string>(Object.values(PortcullisErrorCode));
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
const CHALLENGE = new RegExp(
  `^Bearer realm=${QUOTED}(?:, error="(invalid_token|invalid_request)", error_description=${QUOTED})?$`,
);

/**
 * Checks that a refusal is one Portcullis documents: 400 `invalid_request` or 401 (bare
 * challenge or `invalid_token`), with a well-formed `WWW-Authenticate` and a stable `code`.
 * Returns a description of what is wrong, or undefined when the answer is well formed.
 */
export function refusalProblem(answer: RawAnswer): string | undefined {
  const challenge = answer.headers['www-authenticate'];
  const code = errorCode(answer);
  if (answer.status !== 400 && answer.status !== 401) return `status ${answer.status}`;
  if (code === undefined || !CODES.has(code)) return `body without a known code: ${answer.body}`;
  if (typeof challenge !== 'string') return 'no WWW-Authenticate header';
  const match = CHALLENGE.exec(challenge);
  if (match === null) return `malformed challenge: ${challenge}`;
  const fits =
    answer.status === 400 ? match[1] === 'invalid_request' : match[1] !== 'invalid_request';
  return fits ? undefined : `challenge ${challenge} does not fit status ${answer.status}`;
}

/** A 503 as documented: a positive whole `Retry-After` and the keys-unavailable code. */
export function unavailableProblem(answer: RawAnswer): string | undefined {
  if (answer.status !== 503) return `status ${answer.status}`;
  const retryAfter = answer.headers['retry-after'];
  if (typeof retryAfter !== 'string' || !/^[1-9]\d*$/.test(retryAfter)) {
    return `Retry-After is ${JSON.stringify(retryAfter)}`;
  }
  if (errorCode(answer) !== PortcullisErrorCode.KeysUnavailable) return `body ${answer.body}`;
  return undefined;
}
