import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { BenchAppConfig } from '../app-config';

/**
 * The JWT strategy of the NestJS + Auth0 articles: passport-jwt with jwks-rsa's
 * `passportJwtSecret` (key cache and rate limit on, as they set them). jsonwebtoken is
 * handed the key as PEM and parses it again on every request.
 */
@Injectable()
export class TextbookJwtStrategy extends PassportStrategy(Strategy) {
  constructor(config: BenchAppConfig) {
    super({
      secretOrKeyProvider: passportJwtSecret({
        cache: true,
        rateLimit: true,
        jwksRequestsPerMinute: 5,
        jwksUri: config.jwksUri,
      }),
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      audience: config.audience,
      issuer: config.issuer,
      algorithms: ['RS256', 'ES256'],
    });
  }

  validate(payload: unknown): unknown {
    return payload;
  }
}
