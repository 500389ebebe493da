import { PassportStrategy } from '@nestjs/passport';
import type { KeyObject } from 'node:crypto';
import { Passport, type PassportStatic } from 'passport';
import { Strategy } from 'passport-jwt';
import type { AccessTokenClaims, Principal } from '../principal/principal';

/** Where the guard leaves the bearer token it extracted, for the strategy to read. */
export const BEARER_TOKEN = Symbol('portcullis:bearer-token');

/** Name of the strategy in its (private) Passport instance. */
export const STRATEGY_NAME = 'portcullis-jwt';

/** What the strategy needs from the token layer. */
export interface JwtStrategyHooks {
  /** Checks header and claims, then finds the verification key (or throws the answer). */
  keyForToken(token: string): Promise<KeyObject>;
  /** Turns verified claims into the principal. */
  principalOf(claims: AccessTokenClaims): Principal;
  algorithms: readonly string[];
  clockToleranceSeconds: number;
}

type KeyCallback = (error: unknown, key?: Buffer) => void;

const passports = new WeakMap<object, PassportStatic>();

/**
 * The passport-jwt strategy: jsonwebtoken checks the signature with a key the
 * {@link JwtStrategyHooks.keyForToken} hook already holds parsed. Each instance
 * registers on a Passport of its own, so two apps in one process (tests) or an app's
 * own Passport strategies never collide with it.
 */
export class PortcullisJwtStrategy extends PassportStrategy(Strategy, STRATEGY_NAME) {
  constructor(private readonly hooks: JwtStrategyHooks) {
    super({
      jwtFromRequest: (request: Record<symbol, unknown>) => request[BEARER_TOKEN] as string | null,
      secretOrKeyProvider: (_request: unknown, token: string, done: KeyCallback) => {
        hooks.keyForToken(token).then(
          // jsonwebtoken takes a KeyObject; passport-jwt's types only say string | Buffer.
          (key) => done(null, key as unknown as Buffer),
          (error: unknown) => done(error),
        );
      },
      algorithms: [...hooks.algorithms] as never,
      jsonWebTokenOptions: { clockTolerance: hooks.clockToleranceSeconds },
    });
  }

  validate(claims: AccessTokenClaims): Principal {
    return this.hooks.principalOf(claims);
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
