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
  /** Turns verified claims into the principal. */
  principalOf(claims: AccessTokenClaims): Principal;
  algorithms: readonly string[];
  clockToleranceSeconds: number;
}

/** The outcome of one attempt: passport-strategy's actions, bound to one verification. */
interface AttemptActions {
  success(user: Principal): void;
  fail(challenge?: unknown): void;
  error(error: unknown): void;
  redirect(): void;
  pass(): void;
}

type KeyCallback = (error: unknown, key?: Buffer) => void;

const passports = new WeakMap<object, PassportStatic>();

/**
 * The passport-jwt strategy, a `@nestjs/passport` strategy: jsonwebtoken checks the
 * signature, the algorithm and the times with the key of the {@link VerificationTicket},
 * and {@link validate} turns the claims into the principal. Each instance registers on a
 * Passport of its own, so two apps in one process (tests) or an app's own Passport
 * strategies never collide with it.
 *
 * {@link verify} drives the strategy the way passport's `authenticate` middleware does (an
 * object inheriting from the strategy, given the success/fail/error actions), without the
 * middleware's per-request closures and the properties it adds to the request.
 */
export class PortcullisJwtStrategy extends PassportStrategy(Strategy, STRATEGY_NAME) {
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
  }

  validate(claims: AccessTokenClaims): Principal {
    return this.hooks.principalOf(claims);
  }

  /**
   * Verifies `ticket.token` through passport-jwt (jsonwebtoken) and resolves with the
   * principal; rejects with what the strategy failed or errored with. Anything else the
   * strategy might do (redirect, pass) fails closed.
   */
  verify(ticket: VerificationTicket): Promise<Principal> {
    return new Promise<Principal>((resolve, reject) => {
      const attempt = Object.create(this) as PortcullisJwtStrategy & AttemptActions;
      attempt.success = resolve;
      attempt.fail = reject;
      attempt.error = reject;
      attempt.redirect = attempt.pass = () => reject(undefined);
      attempt.authenticate(ticket as never, {});
    });
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
