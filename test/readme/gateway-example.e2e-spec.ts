// The README's gateway example, verbatim up to its tests: if this file changes, change the README too.
import { Injectable } from '@nestjs/common';
import {
  ConnectedSocket,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { ForcedSubject, MongoAbility } from '@casl/ability';
import {
  LoadsResource,
  Owns,
  Resource,
  Scopes,
  definePolicy,
  type ResourceLoader,
} from 'nest-portcullis';
import { emitToReaders } from 'nest-portcullis/websockets';
import type { Server, Socket } from 'socket.io';

interface Post {
  id: string;
  authorId: string;
  title: string;
}

type AppAbility = MongoAbility<['read', 'Post' | (Post & ForcedSubject<'Post'>)]>;

const policy = definePolicy<AppAbility>({
  user: [
    { scope: 'read:posts', rules: ({ can }, me) => can('read', 'Post', { authorId: me.sub }) },
  ],
});

@Injectable()
@LoadsResource('Post')
class PostLoader implements ResourceLoader<Post> {
  rows = new Map<string, Post>([['p1', { id: 'p1', authorId: 'ada', title: 'Engines' }]]);

  load(id: string) {
    return this.rows.get(id);
  }
}

@WebSocketGateway()
class PostsGateway {
  @WebSocketServer() server!: Server;

  @Scopes('read:posts')
  @Owns<AppAbility>('Post', { action: 'read' }) // the id is the payload's `id`; name the action
  @SubscribeMessage('post:get')
  get(@Resource() post: Post) {
    return post;
  }

  @Scopes('read:posts')
  @SubscribeMessage('posts:subscribe')
  async subscribe(@ConnectedSocket() socket: Socket) {
    await socket.join('posts');
    return { ok: true };
  }

  /** Called when a post is created: only the subscribers who may read it receive it. */
  published(post: Post) {
    return emitToReaders(this.server, 'post:created', post, { subject: 'Post', room: 'posts' });
  }
}

// main.ts, before app.listen():
//   app.useWebSocketAdapter(new PortcullisIoAdapter(app)); // from 'nest-portcullis/websockets/socket.io'

// A test: a real socket.io client, a token minted by the testing kit's issuer.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SocketModule } from '@nestjs/websockets/socket-module.js';
import { TestIssuer } from 'nest-portcullis/testing';
import { PortcullisIoAdapter } from 'nest-portcullis/websockets/socket.io';
import { io, type Socket as ClientSocket } from 'socket.io-client';

describe('PostsGateway', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let url: string;
  const connect = (token?: string): ClientSocket =>
    io(url, {
      auth: token === undefined ? {} : { token },
      transports: ['websocket'],
      forceNew: true,
    });

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    const moduleRef = await Test.createTestingModule({
      imports: [issuer.module({ policy })],
      providers: [PostLoader, PostsGateway],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    // Nest 12 loads its gateway layer with import(), which Jest cannot run: hand it over.
    Object.assign(app, { socketModule: new SocketModule() });
    app.useWebSocketAdapter(new PortcullisIoAdapter(app));
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  it('answers the author, refuses the others in the ack, and refuses a connection without a token', async () => {
    const ada = connect(issuer.mintAccessToken({ sub: 'ada', scope: 'read:posts' }));
    await expect(ada.emitWithAck('post:get', { id: 'p1' })).resolves.toEqual({
      id: 'p1',
      authorId: 'ada',
      title: 'Engines',
    });
    const grace = connect(issuer.mintAccessToken({ sub: 'grace', scope: 'read:posts' }));
    await expect(grace.emitWithAck('post:get', { id: 'p1' })).resolves.toEqual({
      error: { status: 403, code: 'PORTCULLIS_FORBIDDEN', message: expect.any(String) },
    });
    const anonymous = connect();
    const refused = await new Promise((resolve) => anonymous.once('connect_error', resolve));
    expect(refused).toMatchObject({ data: { status: 401, code: 'PORTCULLIS_MISSING_TOKEN' } });
    [ada, grace, anonymous].forEach((socket) => socket.close());
  });

  it('sends a new post only to the subscribers who may read it', async () => {
    const received: string[] = [];
    const ada = connect(issuer.mintAccessToken({ sub: 'ada', scope: 'read:posts' }));
    const grace = connect(issuer.mintAccessToken({ sub: 'grace', scope: 'read:posts' }));
    ada.on('post:created', (post: Post) => received.push(`ada:${post.id}`));
    grace.on('post:created', (post: Post) => received.push(`grace:${post.id}`));
    await Promise.all([ada.emitWithAck('posts:subscribe'), grace.emitWithAck('posts:subscribe')]);
    const gateway = app.get(PostsGateway);
    await expect(gateway.published({ id: 'p2', authorId: 'ada', title: 'More' })).resolves.toBe(1);
    await ada.emitWithAck('posts:subscribe'); // a round trip: what was sent has arrived
    expect(received).toEqual(['ada:p2']);
    [ada, grace].forEach((socket) => socket.close());
  });
});
