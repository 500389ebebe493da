import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Module,
  Param,
  Post,
  Version,
  VERSION_NEUTRAL,
  VersioningType,
  type INestApplication,
  type LoggerService,
  type Type,
  type VersioningOptions,
} from '@nestjs/common';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import {
  ApiBearerAuth,
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import {
  AnyScopes,
  Authenticated,
  Can,
  Owns,
  PortcullisModule,
  Public,
  Resource,
  Scopes,
  type PortcullisOptions,
} from 'nest-portcullis';
import { applyPortcullisToOpenApi, type PortcullisOpenApiOptions } from 'nest-portcullis/openapi';
import { appPolicy, type AppAbility, type Note } from '../../policy/support/app-policy';
import { NotesLoader } from '../../policy/support/loaders';
import { NotesRepository } from '../../policy/support/repositories';
import { listenOnLoopback, startApp, type Platform } from '../../support/platforms';

/** Notes, version 1 by default: every decorator the document is derived from, once each. */
@Controller({ path: 'notes', version: '1' })
export class NotesController {
  constructor(private readonly notes: NotesRepository) {}

  @Public()
  @Version(VERSION_NEUTRAL)
  @Get('count')
  count(): { count: number } {
    return { count: this.notes.findAll().length };
  }

  @Scopes('read:notes')
  @Get()
  list(): Note[] {
    return this.notes.findAll();
  }

  @AnyScopes('read:notes', 'admin')
  @Version('2')
  @Get()
  listV2(): Note[] {
    return this.notes.findAll();
  }

  @Scopes('read:notes')
  @Owns<AppAbility>('Note', { hide: true })
  @Get(':id')
  findOne(@Resource() note: Note): Note {
    return note;
  }

  @Scopes('write:notes')
  @AnyScopes('notes:delete', 'admin')
  @Owns<AppAbility>('Note')
  @HttpCode(204)
  @Delete(':id')
  remove(@Param('id') id: string): void {
    this.notes.remove(id);
  }

  @Can<AppAbility>('read', 'User')
  @Post('audit')
  audit(): { audited: true } {
    return { audited: true };
  }

  // Written by hand as apps do today: Portcullis replaces the security, keeps the response.
  @ApiBearerAuth('legacy')
  @ApiResponse({ status: 404, description: 'You have no note yet' })
  @Authenticated()
  @Get('mine/latest')
  latest(): { latest: null } {
    return { latest: null };
  }
}

@Module({ controllers: [NotesController], providers: [NotesRepository, NotesLoader] })
export class DocumentedModule {}

/** How the app's document is made. */
export interface DocumentedAppOptions {
  readonly portcullis: PortcullisOptions;
  readonly openapi?: PortcullisOpenApiOptions;
  /** How versions are told apart. Default: URI versions, 1 by default. */
  readonly versioning?: VersioningOptions;
  /** Builds the document with `ignoreGlobalPrefix` (and tells Portcullis so). */
  readonly ignoreGlobalPrefix?: boolean;
  /** Nest's logger for the app; silent when absent. */
  readonly logger?: LoggerService;
  /** More modules in the app (handlers OpenAPI does not describe: gateways, message handlers). */
  readonly modules?: readonly Type<unknown>[];
}

/** A started app, its document, and its origin on 127.0.0.1. */
export interface DocumentedApp {
  readonly app: INestApplication;
  readonly document: OpenAPIObject;
  readonly origin: string;
}

/**
 * The app as a `main.ts` would set it up: global prefix `api`, URI versions (default 1), the
 * document built by @nestjs/swagger, Portcullis applied, served at `/docs` and `/docs-json`.
 */
export async function startDocumentedApp(
  platform: Platform,
  options: DocumentedAppOptions,
): Promise<DocumentedApp> {
  // SwaggerModule loads @fastify/static with import(), which Jest's CommonJS runtime cannot
  // run; Nest's package cache is handed the module instead (an app outside Jest needs nothing).
  if (platform === 'fastify') {
    await loadPackage('@fastify/static', 'test', () => Promise.resolve(fastifyStatic));
  }
  let document: OpenAPIObject | undefined;
  let pending: Promise<unknown> = Promise.resolve();
  const app = await startApp(platform, {
    imports: [
      PortcullisModule.forRoot({ policy: appPolicy, ...options.portcullis }),
      DocumentedModule,
      ...(options.modules ?? []),
    ],
    logger: options.logger,
    configure: (created) => {
      created.setGlobalPrefix('api');
      created.enableVersioning(
        options.versioning ?? { type: VersioningType.URI, defaultVersion: '1' },
      );
      const built = SwaggerModule.createDocument(
        created,
        new DocumentBuilder().setTitle('Notes').setVersion('1').setOpenAPIVersion('3.1.0').build(),
        { ignoreGlobalPrefix: options.ignoreGlobalPrefix === true },
      );
      const openapi = options.ignoreGlobalPrefix
        ? { ...options.openapi, globalPrefix: '' }
        : options.openapi;
      // Routes are registered now, before init; the document is completed before any request.
      pending = applyPortcullisToOpenApi(built, created, openapi).then((done) => (document = done));
      SwaggerModule.setup('docs', created, () => document!);
    },
  });
  try {
    await pending;
    return { app, document: document!, origin: await listenOnLoopback(app) };
  } catch (error) {
    await app.close();
    throw error;
  }
}
