import { Inject, Injectable, Module, Scope, type DynamicModule, type Type } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import type { PermissionsProvider, Principal } from 'nest-portcullis';
import { MiscController, NotesController, UsersController } from './controllers';
import { NotesLoader, UsersLoader } from './loaders';
import { NotesRepository, UsersRepository } from './repositories';

/** The app's own store of grants: permission names by user id, calls counted. */
@Injectable()
export class GrantsRepository {
  readonly grants = new Map<string, string[]>();
  calls = 0;

  namesFor(sub: string): Promise<string[]> {
    this.calls += 1;
    return Promise.resolve(this.grants.get(sub) ?? []);
  }
}

/** The README's provider, as written there: a class that injects the app's repository. */
@Injectable()
export class GrantsProvider implements PermissionsProvider {
  constructor(private readonly grants: GrantsRepository) {}
  permissionsFor(principal: Principal) {
    return this.grants.namesFor(principal.sub); // string[] or a Promise of it
  }
}

/** A provider that wants the current request: refused, answers are cached across requests. */
@Injectable()
export class RequestGrantsProvider implements PermissionsProvider {
  constructor(@Inject(REQUEST) private readonly request: unknown) {}
  permissionsFor(): string[] {
    return this.request === undefined ? [] : ['read:users'];
  }
}

/** The same provider marked request-scoped itself: refused too. */
@Injectable({ scope: Scope.REQUEST })
export class RequestScopedGrantsProvider implements PermissionsProvider {
  permissionsFor(): string[] {
    return [];
  }
}

/** A feature module that owns the repository and exports it, as real apps split them. */
@Module({ providers: [GrantsRepository], exports: [GrantsRepository] })
export class GrantsModule {}

/** A module whose `register()` imports Portcullis and provides the repository (dynamic). */
@Module({})
export class AuthFeatureModule {
  static register(portcullis: DynamicModule): DynamicModule {
    return { module: AuthFeatureModule, imports: [portcullis], providers: [GrantsRepository] };
  }
}

/** Where the app keeps its `GrantsRepository`, and so where Portcullis is imported. */
export type GrantsHome = 'app providers' | 'imported module' | 'dynamic module' | 'no app module';

/**
 * A real app module: Portcullis imported with `portcullis` (forRoot or forRootAsync) next to
 * the users/notes controllers, the repository among its own providers, an imported module's,
 * or those of the dynamic module that imports Portcullis.
 */
export function grantsAppModule(portcullis: DynamicModule, home: GrantsHome): Type<unknown> {
  @Module({
    imports: [
      home === 'dynamic module' ? AuthFeatureModule.register(portcullis) : portcullis,
      ...(home === 'imported module' ? [GrantsModule] : []),
    ],
    controllers: [UsersController, NotesController, MiscController],
    providers: [
      UsersRepository,
      NotesRepository,
      UsersLoader,
      NotesLoader,
      ...(home === 'app providers' ? [GrantsRepository] : []),
    ],
  })
  class AppModule {}
  return AppModule;
}
