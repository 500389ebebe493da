import type { TestIssuer } from 'nest-portcullis/testing';
import { randomUUID } from 'node:crypto';
import { refusalProblem, unavailableProblem } from '../../support/answers';
import { getWithToken, rawGet, type RawAnswer } from '../../support/raw-http';

/** The kinds of request the fault and soak loops mix. */
export type TrafficKind = 'known-key' | 'newest-key' | 'unknown-kid' | 'forged' | 'malformed';

/** Statuses each kind may get while the JWKS fails and recovers. */
export const ALLOWED_STATUSES: Readonly<Record<TrafficKind, readonly number[]>> = {
  // Keys known before the outage outlive it (maxStaleSeconds is long in these runs).
  'known-key': [200],
  // A key published during or just before an outage: 503 until it is fetched; 401 when the
  // JWKS answers but the refetch cooldown has not passed yet.
  'newest-key': [200, 401, 503],
  // Never valid: 401 when the keys are fresh, 503 while the JWKS is failing.
  'unknown-kid': [401, 503],
  // A known kid with another key's signature.
  forged: [401],
  malformed: [400, 401],
};

const KINDS = Object.keys(ALLOWED_STATUSES) as TrafficKind[];

/** One request of a kind, built from the issuer's current state. */
export function requestOf(
  kind: TrafficKind,
  issuer: TestIssuer,
  origin: string,
  knownKid: string,
): Promise<RawAnswer> {
  switch (kind) {
    case 'known-key':
      return getWithToken(origin, issuer.mintAccessToken({ sub: 'soak' }, { kid: knownKid }));
    case 'newest-key':
      return getWithToken(origin, issuer.mintAccessToken({ sub: 'soak' }));
    case 'unknown-kid':
      return getWithToken(
        origin,
        issuer.forge.signWithForeignKey(issuer.accessClaims(), {
          kid: randomUUID(),
          alg: 'ES256',
        }),
      );
    case 'forged':
      return getWithToken(
        origin,
        issuer.forge.signWithForeignKey(issuer.accessClaims(), { kid: knownKid }),
      );
    case 'malformed':
      return rawGet(origin, '/whoami', { authorization: `Bearer ${randomUUID()} extra` });
  }
}

/** The kind of the `i`th request: every kind in turn. */
export function kindOf(i: number): TrafficKind {
  return KINDS[i % KINDS.length];
}

/**
 * What is wrong with an answer to a request of `kind`, if anything: a status the kind may
 * not get, or a refusal that is not the documented one (503 needs `Retry-After`).
 */
export function trafficProblem(kind: TrafficKind, answer: RawAnswer): string | undefined {
  if (!ALLOWED_STATUSES[kind].includes(answer.status)) {
    return `${kind}: unexpected ${answer.status} ${answer.body.slice(0, 200)}`;
  }
  if (answer.status === 503) return unavailableProblem(answer);
  if (answer.status === 400 || answer.status === 401) return refusalProblem(answer);
  return undefined;
}
