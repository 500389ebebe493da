import { Module, type DynamicModule } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import type { BenchAppConfig } from '../app-config';
import { PermissionsGuard } from './permissions.guard';
import { TextbookController } from './textbook.controller';
import { TextbookJwtStrategy } from './textbook-jwt.strategy';

/**
 * The comparator of the `textbook` workload: `@nestjs/passport` + passport-jwt + jwks-rsa
 * `passportJwtSecret` + a permissions guard, as the NestJS + Auth0 articles build it.
 * It lives in bench/ only and is never part of the library.
 */
@Module({})
export class TextbookModule {
  /** The articles' setup pointed at the parent's test issuer. */
  static forConfig(config: BenchAppConfig): DynamicModule {
    return {
      module: TextbookModule,
      imports: [PassportModule],
      controllers: [TextbookController],
      providers: [
        { provide: TextbookJwtStrategy, useFactory: () => new TextbookJwtStrategy(config) },
        PermissionsGuard,
      ],
    };
  }
}
