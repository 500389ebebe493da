import { PortcullisErrorCode } from 'nest-portcullis';
import { errorCode, type RawAnswer } from './raw-http';

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
