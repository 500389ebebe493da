// The README's GraphQL example, verbatim up to its tests: if this file changes, change the README too.
import { Injectable } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import {
  Args,
  Field,
  GraphQLModule,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import type { ForcedSubject, MongoAbility } from '@casl/ability';
import {
  CurrentAbility,
  LoadsResource,
  Owns,
  PortcullisGraphQL,
  Public,
  Resource,
  Scopes,
  definePolicy,
  permittedItems,
  type ResourceLoader,
} from 'nest-portcullis';

@ObjectType()
class Post {
  @Field(() => ID) id!: string;
  @Field(() => ID) authorId!: string;
  @Field() title!: string;
}

@InputType()
class PostPatch {
  @Field({ nullable: true }) title?: string;
  @Field({ nullable: true }) authorId?: string;
}

type AppAbility = MongoAbility<['read' | 'update', 'Post' | (Post & ForcedSubject<'Post'>)]>;

const policy = definePolicy<AppAbility>({
  user: [
    { scope: 'read:posts', rules: ({ can }, me) => can('read', 'Post', { authorId: me.sub }) },
    {
      scope: 'write:posts',
      rules: ({ can }, me) => can('update', 'Post', ['title'], { authorId: me.sub }),
    },
  ],
});

@Injectable()
class PostsRepository {
  rows = new Map<string, Post>([
    ['p1', { id: 'p1', authorId: 'ada', title: 'Notes on the engine' }],
    ['p2', { id: 'p2', authorId: 'grace', title: 'Compilers' }],
  ]);
}

@Injectable()
@LoadsResource('Post')
class PostLoader implements ResourceLoader<Post> {
  constructor(private readonly posts: PostsRepository) {}

  load(id: string) {
    return this.posts.rows.get(id);
  }
}

@Resolver(() => Post)
class PostsResolver {
  constructor(private readonly repository: PostsRepository) {}

  @Public()
  @Query(() => String)
  health() {
    return 'ok';
  }

  @Scopes('read:posts')
  @Query(() => [Post], { nullable: true })
  posts(@CurrentAbility() ability: AppAbility) {
    return permittedItems(ability, 'read', 'Post', [...this.repository.rows.values()]);
  }

  @Scopes('read:posts')
  @Owns<AppAbility>('Post', { hide: true }) // the id is the `id` argument; a query reads
  @Query(() => Post, { nullable: true })
  post(@Args('id', { type: () => ID }) _id: string, @Resource() post: Post) {
    return post;
  }

  @Scopes('write:posts')
  @Owns<AppAbility>('Post', { fields: 'input' }) // a mutation updates; every key of `input` checked
  @Mutation(() => Post, { nullable: true })
  updatePost(
    @Args('id', { type: () => ID }) _id: string,
    @Args('input') input: PostPatch,
    @Resource() post: Post,
  ) {
    return Object.assign(this.repository.rows.get(post.id) as Post, input);
  }
}

// Next to PortcullisModule.forRoot({ ..., policy }) and PortcullisGraphQLModule.forRoot():
const graphql = GraphQLModule.forRootAsync<ApolloDriverConfig>({
  driver: ApolloDriver,
  inject: [PortcullisGraphQL],
  useFactory: (portcullis: PortcullisGraphQL) => ({
    autoSchemaFile: true,
    fieldResolverEnhancers: ['guards'], // Nest guards no @ResolveField without it
    subscriptions: portcullis.apolloSubscriptions(),
  }),
});

// The README stops here.
import * as express5 from '@as-integrations/express5';
import type { INestApplication } from '@nestjs/common';
import { loadPackage } from '@nestjs/common/utils/load-package.util.js';
import { Test } from '@nestjs/testing';
import { PortcullisGraphQLModule } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';

describe('the README GraphQL example', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let posts: PostsRepository;
  const ada = () => issuer.mintAccessToken({ sub: 'ada', scope: 'read:posts write:posts' });
  const post = (query: string, token?: string) => {
    const test = request(app.getHttpServer()).post('/graphql').send({ query });
    return token === undefined ? test : test.set('Authorization', `Bearer ${token}`);
  };

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    const moduleRef = await Test.createTestingModule({
      imports: [issuer.module({ policy }), PortcullisGraphQLModule.forRoot(), graphql],
      providers: [PostsRepository, PostLoader, PostsResolver],
    }).compile();
    moduleRef.useLogger(false);
    // Jest cannot run the `import()` @nestjs/apollo loads its Express integration with.
    await loadPackage('@as-integrations/express5', 'test', () => Promise.resolve(express5));
    app = moduleRef.createNestApplication();
    await app.init();
    posts = moduleRef.get(PostsRepository);
  });
  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  it('answers public fields without a token, and refuses the others one by one', async () => {
    const response = await post('{ health posts { id } }');
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ health: 'ok', posts: null });
    expect(response.body.errors[0].extensions).toEqual({
      code: 'UNAUTHENTICATED',
      portcullis: 'PORTCULLIS_MISSING_TOKEN',
    });
  });

  it('lists the readable posts, hides the others, and checks each key of the input', async () => {
    const list = await post('{ posts { id } other: post(id: "p2") { id } }', ada());
    expect(list.body.data).toEqual({ posts: [{ id: 'p1' }], other: null });
    expect(list.body.errors[0].extensions.code).toBe('NOT_FOUND');

    const steal = await post(
      'mutation { updatePost(id: "p1", input: { authorId: "ada2" }) { id } }',
      ada(),
    );
    expect(steal.body.errors[0].extensions).toEqual({
      code: 'FORBIDDEN',
      portcullis: 'PORTCULLIS_FORBIDDEN',
    });
    expect(posts.rows.get('p1')?.authorId).toBe('ada');

    const rename = await post(
      'mutation { updatePost(id: "p1", input: { title: "T" }) { title } }',
      ada(),
    );
    expect(rename.body).toEqual({ data: { updatePost: { title: 'T' } } });
  });

  it('refuses an invalid token for the whole operation: 401 with the challenge', async () => {
    const response = await post('{ health }', 'not.a.token');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
