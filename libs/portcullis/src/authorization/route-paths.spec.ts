import {
  Controller,
  Get,
  Post,
  RequestMethod,
  Version,
  VERSION_NEUTRAL,
  VersioningType,
} from '@nestjs/common';
import { MODULE_PATH } from '@nestjs/common/constants';
import { ApplicationConfig } from '@nestjs/core';
import { mapToExcludeRoute } from '@nestjs/core/middleware/utils.js';
import { hostsOf, RoutePaths, type ServedPath } from './route-paths';

@Controller({ path: ['cats', 'felines'], host: [':tenant.example.com', /^admin\./] })
class CatsController {
  @Version(['2', VERSION_NEUTRAL])
  @Get(':id')
  findOne(): void {}

  @Post()
  create(): void {}
}

@Controller('health')
class HealthController {
  @Get()
  health(): void {}
}

class ZooModule {}
Reflect.defineMetadata(MODULE_PATH + 'app-1', '/zoo', ZooModule);

/** The paths of one handler under a config built as `app.setGlobalPrefix` etc. build it. */
function served(
  configure: (config: ApplicationConfig) => void,
  handler: keyof CatsController | 'health',
  globalPrefix?: string,
): ServedPath[] {
  const config = new ApplicationConfig();
  configure(config);
  const controller = handler === 'health' ? HealthController : CatsController;
  const method = handler === 'create' ? RequestMethod.POST : RequestMethod.GET;
  const fn = (controller.prototype as unknown as Record<string, object>)[handler];
  return new RoutePaths(config, 'app-1', globalPrefix).served({
    module: ZooModule,
    controller,
    handler: fn,
    method,
  });
}

describe('RoutePaths', () => {
  it('joins prefix, RouterModule path, every controller path, and ignores versions until enabled', () => {
    expect(served((c) => c.setGlobalPrefix('api'), 'findOne')).toEqual([
      { path: '/api/zoo/cats/:id' },
      { path: '/api/zoo/felines/:id' },
    ]);
  });

  it('puts each URI version in its own path, with a custom prefix, neutral without one', () => {
    const uri = (c: ApplicationConfig) => {
      c.setGlobalPrefix('api');
      c.enableVersioning({ type: VersioningType.URI, prefix: 'version-' });
    };

    expect(served(uri, 'findOne')).toEqual([
      { path: '/api/version-2/zoo/cats/:id', versions: ['2'] },
      { path: '/api/version-2/zoo/felines/:id', versions: ['2'] },
      { path: '/api/zoo/cats/:id', versions: ['neutral'] },
      { path: '/api/zoo/felines/:id', versions: ['neutral'] },
    ]);
  });

  it('gives a route without a version the default one', () => {
    const uri = (c: ApplicationConfig) =>
      c.enableVersioning({ type: VersioningType.URI, defaultVersion: ['1', '3'] });

    expect(served(uri, 'create').map((p) => p.path)).toEqual([
      '/v1/zoo/cats',
      '/v1/zoo/felines',
      '/v3/zoo/cats',
      '/v3/zoo/felines',
    ]);
  });

  it('keeps the path under header versioning, with every version that reaches it', () => {
    const header = (c: ApplicationConfig) =>
      c.enableVersioning({ type: VersioningType.HEADER, header: 'X-Version' });

    expect(served(header, 'findOne')[0]).toEqual({
      path: '/zoo/cats/:id',
      versions: ['2', 'neutral'],
    });
    expect(served(header, 'create')[0]).toEqual({ path: '/zoo/cats' });
  });

  it("follows the prefix's exclude rules, and takes a prefix given instead of the app's", () => {
    const excluded = (c: ApplicationConfig) => {
      c.setGlobalPrefix('api');
      // As app.setGlobalPrefix('api', { exclude }) stores them.
      c.setGlobalPrefixOptions({
        exclude: mapToExcludeRoute([{ path: 'zoo/health', method: RequestMethod.GET }]),
      });
    };

    expect(served(excluded, 'health')).toEqual([{ path: '/zoo/health' }]);
    expect(served(excluded, 'create')).toEqual([
      { path: '/api/zoo/cats' },
      { path: '/api/zoo/felines' },
    ]);
    expect(served(() => undefined, 'create', '/v0/')[0]).toEqual({ path: '/v0/zoo/cats' });
  });

  it("reads the controller's hosts as text", () => {
    expect(hostsOf(CatsController)).toEqual([':tenant.example.com', '/^admin\\./']);
    expect(hostsOf(HealthController)).toEqual([]);
  });
});
