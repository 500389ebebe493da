// The README's authorization example, verbatim up to its tests: if this file changes, change the README too.
import { Body, Controller, Delete, Get, HttpCode, Injectable, Patch } from '@nestjs/common';
import type { ForcedSubject, MongoAbility } from '@casl/ability';
import {
  CurrentAbility,
  LoadsResource,
  Owns,
  Resource,
  Scopes,
  definePolicy,
  permittedItems,
  type ResourceLoader,
} from 'nest-portcullis';

interface Article {
  id: string;
  authorId: string;
  title: string;
  published: boolean;
}

type Action = 'create' | 'read' | 'update' | 'delete';
type Subject = 'Article' | (Article & ForcedSubject<'Article'>);
type AppAbility = MongoAbility<[Action, Subject]>;

// Written once. Each group of rules counts only while the token holds its scope.
const policy = definePolicy<AppAbility>({
  permissions: {
    // Auth0 style: the permission `publish:articles` needs the scope `publish:articles`.
    'publish:articles': { rules: ({ can }) => can('update', 'Article', ['published']) },
  },
  roles: {
    editor: {
      permissions: ['publish:articles'],
      rules: [
        { scope: 'read:articles', rules: ({ can }) => can('read', 'Article') },
        { scope: 'write:articles', rules: ({ can }) => can('update', 'Article', ['title']) },
      ],
    },
  },
  user: [
    {
      scope: 'read:articles',
      rules: ({ can }, me) => {
        can('read', 'Article', { published: true });
        can('read', 'Article', { authorId: me.sub });
      },
    },
    {
      scope: 'write:articles',
      rules: ({ can }, me) => {
        can('update', 'Article', ['title'], { authorId: me.sub });
        can('delete', 'Article', { authorId: me.sub });
      },
    },
  ],
  client: [
    { scope: 'read:articles', rules: ({ can }) => can('read', 'Article', { published: true }) },
  ],
});

@Injectable()
class ArticlesRepository {
  readonly rows = new Map<string, Article>([
    ['a1', { id: 'a1', authorId: 'alice', title: 'Draft', published: false }],
    ['a2', { id: 'a2', authorId: 'bob', title: 'News', published: true }],
  ]);
}

@Injectable()
@LoadsResource('Article')
class ArticleLoader implements ResourceLoader<Article> {
  constructor(private readonly articles: ArticlesRepository) {}

  load(id: string) {
    return this.articles.rows.get(id);
  }
}

@Scopes('read:articles') // every route of the class needs it; methods add to it
@Controller('articles')
class ArticlesController {
  constructor(private readonly articles: ArticlesRepository) {}

  @Get()
  list(@CurrentAbility() ability: AppAbility) {
    return permittedItems(ability, 'read', 'Article', [...this.articles.rows.values()]);
  }

  @Owns<AppAbility>('Article', { hide: true }) // someone else's draft: 404, as if absent
  @Get(':id')
  findOne(@Resource() article: Article) {
    return article;
  }

  @Scopes('write:articles')
  @Owns<AppAbility>('Article', { fields: 'body' }) // every field sent must be one the caller may change
  @Patch(':id')
  update(@Resource() article: Article, @Body() changes: Partial<Article>) {
    return Object.assign(article, changes);
  }

  @Scopes('write:articles')
  @Owns<AppAbility>('Article')
  @Delete(':id')
  @HttpCode(204)
  remove(@Resource() article: Article) {
    this.articles.rows.delete(article.id);
  }
}

// The README stops here.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { TestIssuer } from 'nest-portcullis/testing';

describe('articles', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let articles: ArticlesRepository;
  const token = (sub: string, scope: string, roles: string[] = []) =>
    issuer.mintAccessToken({ sub, scope, roles });

  beforeAll(async () => {
    issuer = await TestIssuer.start({ audience: 'https://api.example.test' });
  });

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [issuer.module({ policy, strictRoutes: true })],
      controllers: [ArticlesController],
      providers: [ArticlesRepository, ArticleLoader],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
    articles = moduleRef.get(ArticlesRepository);
  });

  afterEach(async () => {
    await app.close();
  });

  afterAll(async () => {
    await issuer.stop();
  });

  it('lists only what the caller may read', async () => {
    const res = await request(app.getHttpServer())
      .get('/articles')
      .auth(token('bob', 'read:articles'), { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body.map((a: Article) => a.id)).toEqual(['a2']); // alice's draft is hidden
  });

  it('hides a draft from everyone but its author and editors', async () => {
    const server = app.getHttpServer();
    await request(server)
      .get('/articles/a1')
      .auth(token('bob', 'read:articles'), { type: 'bearer' })
      .expect(404);
    await request(server)
      .get('/articles/a1')
      .auth(token('alice', 'read:articles'), { type: 'bearer' })
      .expect(200);
    await request(server)
      .get('/articles/a1')
      .auth(token('erin', 'read:articles', ['editor']), { type: 'bearer' })
      .expect(200);
  });

  it('lets the author retitle, never publish, and changes nothing on a refusal', async () => {
    const server = app.getHttpServer();
    const alice = token('alice', 'read:articles write:articles');
    await request(server)
      .patch('/articles/a1')
      .auth(alice, { type: 'bearer' })
      .send({ title: 'Ready' })
      .expect(200);
    const res = await request(server)
      .patch('/articles/a1')
      .auth(alice, { type: 'bearer' })
      .send({ title: 'Out now', published: true });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PORTCULLIS_FORBIDDEN');
    expect(articles.rows.get('a1')).toMatchObject({ title: 'Ready', published: false });
  });

  it('lets an editor publish only with the scope of the permission', async () => {
    const server = app.getHttpServer();
    const withoutScope = token('erin', 'read:articles write:articles', ['editor']);
    await request(server)
      .patch('/articles/a1')
      .auth(withoutScope, { type: 'bearer' })
      .send({ published: true })
      .expect(403);
    expect(articles.rows.get('a1')?.published).toBe(false);
    const withScope = token('erin', 'read:articles write:articles publish:articles', ['editor']);
    await request(server)
      .patch('/articles/a1')
      .auth(withScope, { type: 'bearer' })
      .send({ published: true })
      .expect(200);
    expect(articles.rows.get('a1')?.published).toBe(true);
  });

  it('needs the scope even for the author', async () => {
    const res = await request(app.getHttpServer())
      .delete('/articles/a1')
      .auth(token('alice', 'read:articles'), { type: 'bearer' });
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(res.headers['www-authenticate']).toContain('scope="read:articles write:articles"');
    expect(articles.rows.has('a1')).toBe(true);
  });

  it('lets a client read what is published, and nothing it would own', async () => {
    const server = app.getHttpServer();
    const client = issuer.mintClientToken({ scope: 'read:articles' });
    const res = await request(server).get('/articles').auth(client, { type: 'bearer' });
    expect(res.body.map((a: Article) => a.id)).toEqual(['a2']);
    await request(server).get('/articles/a1').auth(client, { type: 'bearer' }).expect(404);
  });

  it('gives a client nothing from the role editor, nor from a sub equal to the author', async () => {
    const server = app.getHttpServer();
    const scope = 'read:articles write:articles publish:articles';
    const client = issuer.mintClientToken({ sub: 'alice', scope, roles: ['editor'] });
    await request(server).get('/articles/a1').auth(client, { type: 'bearer' }).expect(404);
    const res = await request(server)
      .patch('/articles/a2')
      .auth(client, { type: 'bearer' })
      .send({ published: false });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PORTCULLIS_FORBIDDEN');
    expect(articles.rows.get('a2')).toMatchObject({ title: 'News', published: true });
  });
});
