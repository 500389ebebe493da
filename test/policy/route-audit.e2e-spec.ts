import { Controller, Get, type INestApplication } from '@nestjs/common';
import {
  Authenticated,
  Owns,
  PortcullisConfigError,
  PortcullisModule,
  RouteAudit,
  type RouteRequirement,
} from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { bootError, PLATFORMS, startApp } from '../support/platforms';
import { appPolicy } from './support/app-policy';
import { as, policyScenario, startPolicyApp, userToken } from './support/policy-app';
import { NotesLoader } from './support/loaders';
import { HEADER_VERSIONING, startZooApp, URI_VERSIONING } from './support/zoo-app';

@Controller('tags')
class TagsController {
  @Owns('Tag')
  @Get(':id')
  findOne(): void {}
}

@Controller('stray')
class StrayController {
  @Owns('Note', { param: 'noteId' })
  @Get(':id')
  findOne(): void {}
}

describe.each(PLATFORMS)('route audit and boot checks on %s', (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startPolicyApp(platform, issuer);
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  const route = (method: string, path: string): RouteRequirement | undefined =>
    app
      .get(RouteAudit)
      .routes()
      .find((r) => r.method === method && r.path === path);

  it('lists every route with its requirements', () => {
    const routes = app.get(RouteAudit).routes();

    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /billing',
      'GET /dashboard',
      'GET /health',
      'GET /me',
      'DELETE /notes/:id',
      'GET /notes/:id',
      'GET /undeclared',
      'GET /users',
      'GET /users/:id',
      'PATCH /users/:id',
      'PUT /users/:userId/plan',
      'GET /users/query',
    ]);
    expect(route('PATCH', '/users/:id')).toEqual({
      method: 'PATCH',
      path: '/users/:id',
      controller: 'UsersController',
      handler: 'update',
      access: 'authenticated',
      scopes: [['write:users']],
      owns: { subject: 'User', param: 'id', action: 'update', hide: false, fields: 'body' },
    });
    expect(route('DELETE', '/notes/:id')).toMatchObject({
      scopes: [['read:notes'], ['write:notes']],
      owns: { subject: 'Note', action: 'delete', hide: false, fields: false },
    });
    expect(route('GET', '/billing')).toMatchObject({ can: [['update', 'User', 'plan']] });
    expect(route('GET', '/dashboard')).toMatchObject({ scopes: [['read:notes', 'read:users']] });
    expect(route('GET', '/health')).toMatchObject({ access: 'public', scopes: [] });
    expect(route('GET', '/me')).toMatchObject({ access: 'authenticated', scopes: [] });
    expect(route('GET', '/undeclared')).toMatchObject({ access: 'undeclared' });
  });

  it('means by undeclared: a token is still required, and any valid one passes', async () => {
    const anonymous = await request(app.getHttpServer()).get('/undeclared');
    const scopeless = await as(app, userToken(issuer, 'nobody')).get('/undeclared');

    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer realm="api"/);
    expect(scopeless.status).toBe(200);
  });

  it('prints them as a fixed-width table', () => {
    const lines = app.get(RouteAudit).table().split('\n');

    expect(lines[0]).toMatch(/^METHOD +PATH +ACCESS +SCOPES +POLICY +HANDLER$/);
    expect(lines).toHaveLength(13);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^PATCH +\/users\/:id +authenticated +write:users +owns User :id update fields=body +UsersController\.update$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^GET +\/dashboard +authenticated +\(read:notes or read:users\) +- +/),
    );
    const policyColumn = lines[0].indexOf('POLICY');
    expect(
      lines.every((line) => line.length <= policyColumn || line[policyColumn - 1] === ' '),
    ).toBe(true);
  });

  it('adds a global prefix when given', () => {
    const paths = app
      .get(RouteAudit)
      .routes({ globalPrefix: '/api/' })
      .map((r) => r.path);

    expect(paths).toContain('/api/users/:id');
  });

  it('refuses to boot with strictRoutes while a route declares nothing, naming it', async () => {
    const error = await bootError(platform, policyScenario(issuer, { strictRoutes: true }));

    expect(error).toBeInstanceOf(PortcullisConfigError);
    expect((error as Error).message).toBe(
      'Portcullis cannot serve these routes:\n' +
        '- GET /undeclared (MiscController.undeclared) declares nothing (strictRoutes): add @Public, @Authenticated, @Scopes, @AnyScopes, @Can or @Owns',
    );
  });

  it('takes the same options through forRootAsync', async () => {
    const module = PortcullisModule.forRootAsync({
      useFactory: () => issuer.moduleOptions({ policy: appPolicy, strictRoutes: true }),
    });
    const error = await bootError(platform, { ...policyScenario(issuer), imports: [module] });

    expect((error as Error).message).toContain('GET /undeclared (MiscController.undeclared)');
  });

  it('refuses to boot when an @Owns route has no loader for its subject', async () => {
    const scenario = policyScenario(issuer);
    const error = await bootError(platform, { ...scenario, controllers: [TagsController] });

    expect(error).toBeInstanceOf(PortcullisConfigError);
    expect((error as Error).message).toContain(
      "GET /tags/:id (TagsController.findOne) uses @Owns('Tag'), but no provider is marked @LoadsResource('Tag')",
    );
  });

  it("refuses to boot when an @Owns route's param is not in its path", async () => {
    const scenario = policyScenario(issuer);
    const error = await bootError(platform, { ...scenario, controllers: [StrayController] });

    expect((error as Error).message).toContain(
      "GET /stray/:id (StrayController.findOne) uses @Owns('Note') with param 'noteId', which its path lacks",
    );
  });

  it('refuses to boot when policy routes exist but no policy is configured (fail closed)', async () => {
    const scenario = policyScenario(issuer, { policy: undefined });
    const error = await bootError(platform, scenario);

    expect(error).toBeInstanceOf(PortcullisConfigError);
    const message = (error as Error).message;
    for (const name of [
      'GET /users (UsersController.list)',
      'GET /billing (MiscController.billing)',
    ]) {
      expect(message).toContain(
        `${name} uses @Can, @Owns or @CurrentAbility, but the "policy" option is not set`,
      );
    }
  });

  it('refuses to boot with two loaders for one subject', async () => {
    @Controller('x')
    class EmptyController {}
    const scenario = policyScenario(issuer);
    const twin = { provide: 'SecondNotesLoader', useClass: NotesLoader };
    const error = await bootError(platform, {
      ...scenario,
      controllers: [EmptyController],
      providers: [...(scenario.providers ?? []), twin],
    });

    expect((error as Error).message).toMatch(/subject 'Note' has two loaders/);
  });
});

describe.each(PLATFORMS)(
  'route audit under RouterModule, a global prefix and versioning on %s',
  (platform) => {
    let issuer: TestIssuer;
    const apps: INestApplication[] = [];

    beforeAll(async () => {
      issuer = await TestIssuer.start();
      apps.push(await startZooApp(platform, issuer, URI_VERSIONING));
      apps.push(await startZooApp(platform, issuer, HEADER_VERSIONING));
    });

    afterAll(async () => {
      await Promise.all(apps.map((app) => app.close()));
      await issuer?.stop();
    });

    const listed = (app: INestApplication) =>
      app
        .get(RouteAudit)
        .routes()
        .map((r) => `${r.method} ${r.path} ${r.versions?.join(',') ?? '-'}`);

    /** Requests every listed route as Nest would serve it; returns the ones that fail. */
    async function unanswered(app: INestApplication, header?: string): Promise<string[]> {
      const token = issuer.mintAccessToken({ sub: 'keeper', scope: 'read:cats write:cats' });
      const failures: string[] = [];
      for (const route of app.get(RouteAudit).routes()) {
        const path = route.path.replace(/:\w+/g, 'felix');
        const method = route.method.toLowerCase() as 'get' | 'post';
        const agent = request(app.getHttpServer());
        let call = agent[method](path).set('Authorization', `Bearer ${token}`);
        const version = route.versions?.[0];
        if (header !== undefined && version !== undefined && version !== 'neutral') {
          call = call.set(header, version);
        }
        const response = await call;
        if (response.status !== (method === 'post' ? 201 : 200)) {
          failures.push(`${route.method} ${path} ${version ?? ''}: ${response.status}`);
        }
      }
      return failures;
    }

    it('lists the paths Nest serves under URI versioning: prefix, version, module paths', () => {
      expect(listed(apps[0])).toEqual([
        'GET /api/v1/zoo/cats 1',
        'POST /api/v1/zoo/cats 1',
        'GET /api/v1/zoo/keepers 1',
        'GET /api/v1/zoo/reptiles/serpents 1',
        'GET /api/v1/zoo/reptiles/snakes 1',
        'GET /api/v2/zoo/cats/:id 2',
        'POST /api/zoo/cats neutral',
        'GET /health neutral',
      ]);
    });

    it('lists paths that really answer (URI versioning), and the unprefixed ones do not', async () => {
      expect(await unanswered(apps[0])).toEqual([]);
      const token = issuer.mintAccessToken({ scope: 'read:cats' });
      for (const path of ['/cats', '/api/cats', '/api/zoo/cats']) {
        const response = await request(apps[0].getHttpServer())
          .get(path)
          .set('Authorization', `Bearer ${token}`);
        expect(response.status).toBe(404);
      }
    });

    it('keeps the paths under header versioning and says which version each route needs', async () => {
      expect(listed(apps[1])).toEqual([
        'GET /api/zoo/cats 1',
        'POST /api/zoo/cats 1,neutral',
        'GET /api/zoo/cats/:id 2',
        'GET /api/zoo/keepers 1',
        'GET /api/zoo/reptiles/serpents 1',
        'GET /api/zoo/reptiles/snakes 1',
        'GET /health neutral',
      ]);
      expect(await unanswered(apps[1], 'X-API-Version')).toEqual([]);
    });

    it('adds a VERSION column to the table', () => {
      const lines = apps[0].get(RouteAudit).table().split('\n');

      expect(lines[0]).toMatch(/^METHOD +PATH +VERSION +ACCESS +SCOPES +POLICY +HANDLER$/);
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^GET +\/api\/v2\/zoo\/cats\/:id +2 +authenticated +read:cats +- +CatsController\.findOne$/,
        ),
      );
      expect(lines).toContainEqual(expect.stringMatching(/^GET +\/health +neutral +public +/));
    });

    it('names routes by their served path when strictRoutes refuses the boot', async () => {
      const error = await startZooApp(platform, issuer, URI_VERSIONING, {
        strictRoutes: true,
      }).then(
        async (app) => {
          await app.close();
          throw new Error('the app booted');
        },
        (caught: unknown) => caught,
      );

      expect(error).toBeInstanceOf(PortcullisConfigError);
      expect((error as Error).message).toBe(
        'Portcullis cannot serve these routes:\n' +
          '- GET /api/v1/zoo/keepers (KeepersController.list) declares nothing (strictRoutes): add @Public, @Authenticated, @Scopes, @AnyScopes, @Can or @Owns',
      );
    });
  },
);

@Controller({ path: 'console', host: 'admin.example.test' })
class AdminConsoleController {
  @Authenticated()
  @Get()
  show(): { ok: true } {
    return { ok: true };
  }
}

describe.each(PLATFORMS)("route audit of a controller's host option on %s", (platform) => {
  let issuer: TestIssuer;
  let app: INestApplication;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    app = await startApp(platform, {
      imports: [issuer.module()],
      controllers: [AdminConsoleController],
    });
  });

  afterAll(async () => {
    await app?.close();
    await issuer?.stop();
  });

  it('lists the host a route answers for, and the route answers there only', async () => {
    const [route] = app.get(RouteAudit).routes();
    const get = (host: string) =>
      request(app.getHttpServer())
        .get(route.path)
        .set('Host', host)
        .set('Authorization', `Bearer ${issuer.mintAccessToken()}`);

    expect(route).toMatchObject({ method: 'GET', path: '/console', host: ['admin.example.test'] });
    expect(app.get(RouteAudit).table().split('\n')).toEqual([
      expect.stringMatching(/^METHOD +PATH +HOST +ACCESS +SCOPES +POLICY +HANDLER$/),
      expect.stringMatching(/^GET +\/console +admin\.example\.test +authenticated +- +- +/),
    ]);
    expect((await get('admin.example.test')).status).toBe(200);
    expect((await get('www.example.test')).status).toBe(404);
  });
});
