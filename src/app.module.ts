import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { PortcullisModule } from 'nest-portcullis';
import type { DemoAuthOptions } from './config/auth-options';
import { NotesRepository } from './data/notes.repository';
import { UsersRepository } from './data/users.repository';
import { ErrorBodyFilter } from './errors/error-body.filter';
import { HealthController } from './health/health.controller';
import { MeController } from './me/me.controller';
import { NoteLoader } from './notes/note.loader';
import { NotesController } from './notes/notes.controller';
import { demoPolicy } from './policy/demo-policy';
import { UserLoader } from './users/user.loader';
import { UsersController } from './users/users.controller';
import { demoValidationPipe } from './validation/demo-validation.pipe';
import { JsonBodyInterceptor } from './validation/json-body.interceptor';

/**
 * The demo API. `register` takes the issuer to trust, so the same module runs on the
 * development issuer, a real one, or a test issuer.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule.register({ issuer, audience }));
 * ```
 */
@Module({})
export class AppModule {
  /** The app trusting `auth`'s issuer, with the demo's policy and every route declared. */
  static register(auth: DemoAuthOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [PortcullisModule.forRoot({ ...auth, policy: demoPolicy, strictRoutes: true })],
      controllers: [HealthController, MeController, UsersController, NotesController],
      providers: [
        UsersRepository,
        NotesRepository,
        UserLoader,
        NoteLoader,
        { provide: APP_FILTER, useClass: ErrorBodyFilter },
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
        { provide: APP_PIPE, useFactory: demoValidationPipe },
      ],
    };
  }
}
