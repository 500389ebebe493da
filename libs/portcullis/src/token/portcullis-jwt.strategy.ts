import type { KeyObject } from 'node:crypto';
import { Strategy } from 'passport-jwt';
import type { AccessTokenClaims, Principal } from '../principal/principal';

/** Name of the strategy (passport's `name`). */
export const STRATEGY_NAME = 'portcullis-jwt';

/**
 * What one verification hands the strategy in place of a request: the token, and the key
 * the token layer already found for it (header and claims checked, key parsed).
 */
export interface VerificationTicket {
  readonly token: string;
  readonly key: KeyObject;
}

/** What the strategy needs from the token layer. */
export interface JwtStrategyHooks {
  /** Turns verified claims into the principal. */
  principalOf(claims: AccessTokenClaims): Principal;
  algorithms: readonly string[];
  clockToleranceSeconds: number;
}

/** Where an attempt stands: no answer yet, the principal, or a refusal. */
const Outcome = { Pending: 0, Succeeded: 1, Refused: 2 } as const;
type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** passport-strategy's actions, and what the last attempt ended with. */
interface Attempt {
  success(user: Principal): void;
  fail(challenge?: unknown): void;
  error(error: unknown): void;
  redirect(): void;
  pass(): void;
  authenticate(ticket: VerificationTicket, options: object): void;
  outcome: Outcome;
  value: unknown;
}

type KeyCallback = (error: unknown, key?: Buffer) => void;
type Verified = (error: unknown, user?: Principal) => void;

/** What a strategy that answered neither success nor failure is refused with. */
const NO_ANSWER = 'passport-jwt did not answer the verification synchronously';

/**
 * The passport-jwt strategy: jsonwebtoken checks the signature, the algorithm and the times
 * with the key of the {@link VerificationTicket}, then the claims become the principal.
 *
 * {@link verify} drives the strategy the way passport's `authenticate` middleware does (an
 * object inheriting from the strategy, given the success/fail/error actions), without the
 * middleware's per-request closures and the properties it adds to the request. With the key
 * in hand, passport-jwt and jsonwebtoken answer before `authenticate` returns, so one
 * attempt object serves every verification and no promise is made.
 */
export class PortcullisJwtStrategy extends Strategy {
  private readonly attempt: Attempt;

  constructor(hooks: JwtStrategyHooks) {
    super(
      {
        jwtFromRequest: (ticket: VerificationTicket) => ticket.token,
        secretOrKeyProvider: (ticket: VerificationTicket, _token: string, done: KeyCallback) => {
          // jsonwebtoken takes a KeyObject; passport-jwt's types only say string | Buffer.
          done(null, ticket.key as unknown as Buffer);
        },
        algorithms: [...hooks.algorithms] as never,
        jsonWebTokenOptions: { clockTolerance: hooks.clockToleranceSeconds },
      },
      // passport-jwt calls this inside a try/catch: a throw becomes the strategy's error().
      (claims: AccessTokenClaims, done: Verified) => done(null, hooks.principalOf(claims)),
    );
    this.name = STRATEGY_NAME;
    this.attempt = this.newAttempt();
  }

  /**
   * Verifies `ticket.token` through passport-jwt (jsonwebtoken) and returns the principal;
   * throws what the strategy failed or errored with. Anything else the strategy might do
   * (redirect, pass, or an answer after `authenticate` returned) fails closed.
   */
  verify(ticket: VerificationTicket): Principal {
    const attempt = this.attempt;
    attempt.outcome = Outcome.Pending;
    attempt.value = undefined;
    try {
      attempt.authenticate(ticket, {});
    } catch (error) {
      attempt.outcome = Outcome.Refused;
      attempt.value = error;
    }
    // authenticate() settled the attempt through its actions (TypeScript cannot see it).
    const outcome = attempt.outcome as Outcome;
    const value = attempt.value;
    attempt.outcome = Outcome.Pending;
    attempt.value = undefined;
    if (outcome === Outcome.Succeeded) return value as Principal;
    throw outcome === Outcome.Refused ? value : new Error(NO_ANSWER);
  }

  /** An object inheriting from the strategy whose actions record the outcome. */
  private newAttempt(): Attempt {
    const attempt = Object.create(this) as Attempt;
    const settle = (outcome: Outcome, value: unknown): void => {
      attempt.outcome = outcome;
      attempt.value = value;
    };
    attempt.success = (user) => settle(Outcome.Succeeded, user);
    attempt.fail = (challenge) => settle(Outcome.Refused, challenge);
    attempt.error = (error) => settle(Outcome.Refused, error);
    attempt.redirect = attempt.pass = () => settle(Outcome.Refused, undefined);
    attempt.outcome = Outcome.Pending;
    attempt.value = undefined;
    return attempt;
  }
}
