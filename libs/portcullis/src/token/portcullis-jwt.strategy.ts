import { PassportStrategy } from '@nestjs/passport';
import type { KeyObject } from 'node:crypto';
import { Passport, type PassportStatic } from 'passport';
import { Strategy } from 'passport-jwt';
import type { AccessTokenClaims, Principal } from '../principal/principal';

/** Name of the strategy in its (private) Passport instance. */
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
  /** Turns verified claims, and the token they came from, into the principal. */
  principalOf(claims: AccessTokenClaims, token: string): Principal;
  algorithms: readonly string[];
  clockToleranceSeconds: number;
}

type KeyCallback = (error: unknown, key?: Buffer) => void;
type VerifiedCallback = (error: unknown, user?: Principal | null) => void;

/** How one attempt ended: passport-strategy's actions (success, fail, error, ...) record it. */
interface AttemptOutcome {
  settled: boolean;
  principal: Principal | undefined;
  error: unknown;
}

/** An attempt's actions: the object passport-jwt's `authenticate` runs on (`this`). */
interface AttemptActions {
  readonly outcome: AttemptOutcome;
  success(user: Principal): void;
  fail(challenge?: unknown): void;
  error(error: unknown): void;
  redirect(): void;
  pass(): void;
}

const passports = new WeakMap<object, PassportStatic>();

/** Thrown when the strategy ended an attempt without a principal or a reason. */
class AttemptNotSettled extends Error {}

/**
 * The passport-jwt strategy, a `@nestjs/passport` strategy: jsonwebtoken checks the
 * signature, the algorithm and the times with the key of the {@link VerificationTicket},
 * and {@link validate} turns the claims into the principal. Each instance registers on a
 * Passport of its own, so two apps in one process (tests) or an app's own Passport
 * strategies never collide with it.
 *
 * {@link verify} drives the strategy the way passport's `authenticate` middleware does (an
 * object inheriting from the strategy, given the success/fail/error actions), without the
 * middleware's per-request closures and the properties it adds to the request. Every step
 * of passport-jwt answers at once here (the key is handed over, jsonwebtoken verifies with a
 * callback it calls before returning, {@link validate} is synchronous), so a verification
 * is one synchronous call: no promise, no microtask turn, nothing allocated to wait.
 */
export class PortcullisJwtStrategy extends PassportStrategy(Strategy, STRATEGY_NAME) {
  /** The one attempt object: attempts never overlap, since each ends before `verify` returns. */
  private readonly attempt: PortcullisJwtStrategy & AttemptActions;
  /** The token of the attempt under way, for {@link validate} (attempts never overlap). */
  private token = '';

  constructor(private readonly hooks: JwtStrategyHooks) {
    super({
      jwtFromRequest: (ticket: VerificationTicket) => ticket.token,
      secretOrKeyProvider: (ticket: VerificationTicket, _token: string, done: KeyCallback) => {
        // jsonwebtoken takes a KeyObject; passport-jwt's types only say string | Buffer.
        done(null, ticket.key as unknown as Buffer);
      },
      algorithms: [...hooks.algorithms] as never,
      jsonWebTokenOptions: { clockTolerance: hooks.clockToleranceSeconds },
    });
    // @nestjs/passport hands passport-jwt a verify callback that awaits `validate`, which
    // would settle every verification a microtask later. `validate` is synchronous, so its
    // result is handed back at once, with the same contract (an error fails the attempt).
    (
      this as unknown as { _verify: (claims: AccessTokenClaims, done: VerifiedCallback) => void }
    )._verify = (claims, done) => {
      let principal: Principal;
      try {
        principal = this.validate(claims);
      } catch (error) {
        done(error, null);
        return;
      }
      done(null, principal);
    };
    const outcome: AttemptOutcome = { settled: false, principal: undefined, error: undefined };
    const settle = (principal: Principal | undefined, error: unknown): void => {
      if (outcome.settled) return;
      outcome.settled = true;
      outcome.principal = principal;
      outcome.error = error;
    };
    this.attempt = Object.assign(Object.create(this) as PortcullisJwtStrategy, {
      outcome,
      success: (user: Principal) => settle(user, undefined),
      fail: (challenge?: unknown) => settle(undefined, challenge),
      error: (error: unknown) => settle(undefined, error),
      // Anything else the strategy might do fails closed.
      redirect: () => settle(undefined, undefined),
      pass: () => settle(undefined, undefined),
    });
  }

  validate(claims: AccessTokenClaims): Principal {
    return this.hooks.principalOf(claims, this.token);
  }

  /**
   * Verifies `ticket.token` through passport-jwt (jsonwebtoken) and returns the principal;
   * throws what the strategy failed or errored with. An attempt that does not end with a
   * principal before `authenticate` returns (or ends with no reason) fails closed.
   */
  verify(ticket: VerificationTicket): Principal {
    const { attempt } = this;
    const { outcome } = attempt;
    outcome.settled = false;
    outcome.principal = undefined;
    outcome.error = undefined;
    try {
      this.token = ticket.token;
      attempt.authenticate(ticket as never, {});
    } finally {
      // Whatever happened, an attempt that did not settle now can never settle later.
      outcome.settled = true;
      this.token = '';
    }
    const { principal, error } = outcome;
    outcome.principal = undefined;
    outcome.error = undefined;
    if (principal !== undefined) return principal;
    throw error ?? new AttemptNotSettled('The strategy did not settle the attempt');
  }

  /** The private Passport instance this strategy is registered on. */
  getPassportInstance(): PassportStatic {
    let passport = passports.get(this);
    if (passport === undefined) {
      passport = new Passport() as PassportStatic;
      passports.set(this, passport);
    }
    return passport;
  }
}
