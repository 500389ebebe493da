import {
  Controller,
  Get,
  Module,
  Param,
  Post,
  RequestMethod,
  Version,
  VERSION_NEUTRAL,
  VersioningType,
  type INestApplication,
  type VersioningOptions,
} from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { Authenticated, Public, Scopes, type PortcullisOptions } from 'nest-portcullis';
import type { TestIssuer } from 'nest-portcullis/testing';
import { startApp, type Platform } from '../../support/platforms';

/** Cats, version 1 by default; one handler moves to version 2, one is also version-neutral. */
@Controller({ path: 'cats', version: '1' })
export class CatsController {
  @Scopes('read:cats')
  @Get()
  list(): string[] {
    return ['tom'];
  }

  @Scopes('read:cats')
  @Version('2')
  @Get(':id')
  findOne(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Scopes('write:cats')
  @Version(['1', VERSION_NEUTRAL])
  @Post()
  create(): { created: true } {
    return { created: true };
  }
}

/** Two paths, no version of its own: the app's default version applies. */
@Controller(['snakes', 'serpents'])
export class SnakesController {
  @Authenticated()
  @Get()
  list(): string[] {
    return ['kaa'];
  }
}

/** A route that declares nothing, for strictRoutes. */
@Controller('keepers')
export class KeepersController {
  @Get()
  list(): string[] {
    return [];
  }
}

/** Version-neutral, outside the global prefix (an `exclude` rule). */
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  @Public()
  @Get()
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [SnakesController] })
export class ReptilesModule {}

@Module({ controllers: [CatsController, KeepersController] })
export class ZooModule {}

/** How the zoo app is served: the global prefix `api` except `/health`, and versioning. */
export const URI_VERSIONING: VersioningOptions = { type: VersioningType.URI, defaultVersion: '1' };
export const HEADER_VERSIONING: VersioningOptions = {
  type: VersioningType.HEADER,
  header: 'X-API-Version',
  defaultVersion: '1',
};

/** The zoo app's modules: `zoo/` and `zoo/reptiles/` through RouterModule, Portcullis. */
export function zooImports(issuer: TestIssuer, overrides: Partial<PortcullisOptions> = {}) {
  return [
    issuer.module(overrides),
    ZooModule,
    ReptilesModule,
    RouterModule.register([
      { path: 'zoo', module: ZooModule, children: [{ path: 'reptiles', module: ReptilesModule }] },
    ]),
  ];
}

/**
 * Builds the zoo app on a platform, sets its prefix and versioning as a `main.ts` would
 * (before `init()`), and initialises it. Rejects with the boot error if it does not boot.
 */
export function startZooApp(
  platform: Platform,
  issuer: TestIssuer,
  versioning: VersioningOptions,
  overrides: Partial<PortcullisOptions> = {},
): Promise<INestApplication> {
  return startApp(platform, {
    imports: zooImports(issuer, overrides),
    controllers: [HealthController],
    configure: (app) => {
      app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.GET }] });
      app.enableVersioning(versioning);
    },
  });
}
