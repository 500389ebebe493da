import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { PortcullisModule, type PortcullisOptions } from 'nest-portcullis';
import { NotesRepository } from './data/notes.repository';
import { UsersRepository } from './data/users.repository';
import { ErrorBodyFilter } from './errors/error-body.filter';
import { NotesGateway } from './gateway/notes.gateway';
import { demoGraphQLModules, type DemoGraphQLOptions } from './graphql/demo-graphql.module';
import { NotesResolver } from './graphql/notes.resolver';
import { PrincipalResolver } from './graphql/principal.resolver';
import { UsersResolver } from './graphql/users.resolver';
import { HealthController } from './health/health.controller';
import { MeController } from './me/me.controller';
import { NoteEvents } from './notes/note-events';
import { NoteLoader } from './notes/note.loader';
import { NotesController } from './notes/notes.controller';
import { demoPolicy } from './policy/demo-policy';
import { UserLoader } from './users/user.loader';
import { UsersController } from './users/users.controller';
import { demoValidationPipe } from './validation/demo-validation.pipe';

/** The authentication half of the Portcullis options: the issuer to trust; the demo adds its policy. */
export type DemoAuthOptions = Omit<PortcullisOptions, 'policy' | 'strictRoutes'>;

/**
 * The demo API, over REST and GraphQL (`/graphql`). `register` takes the issuer to trust, so
 * the same module runs on the development issuer, a real one, or a test issuer, and the HTTP
 * platform, which decides the GraphQL server (Apollo on Express, Mercurius on Fastify).
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule.register({ issuer, audience }));
 * ```
 */
@Module({})
export class AppModule {
  /** The app trusting `auth`'s issuer, with the demo's policy and every route declared. */
  static register(auth: DemoAuthOptions, graphql: DemoGraphQLOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PortcullisModule.forRoot({ ...auth, policy: demoPolicy, strictRoutes: true }),
        ...demoGraphQLModules(graphql),
      ],
      controllers: [HealthController, MeController, UsersController, NotesController],
      providers: [
        UsersRepository,
        NotesRepository,
        UserLoader,
        NoteLoader,
        NoteEvents,
        PrincipalResolver,
        UsersResolver,
        NotesResolver,
        NotesGateway,
        { provide: APP_FILTER, useClass: ErrorBodyFilter },
        { provide: APP_PIPE, useFactory: demoValidationPipe },
      ],
    };
  }
}
