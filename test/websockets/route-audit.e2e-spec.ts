import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Owns, PortcullisConfigError, RouteAudit, type PortcullisOptions } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { appPolicy, type AppAbility } from '../policy/support/app-policy';
import { NotesLoader, UsersLoader } from '../policy/support/loaders';
import { NotesRepository, UsersRepository } from '../policy/support/repositories';
import { bootError, startApp } from '../support/platforms';
import { NotesGateway, UsersGateway } from './support/gateways';

@WebSocketGateway({ namespace: '/chat' })
class ChatGateway {
  // A message implies no action: this can never be decided, so the app does not boot.
  @Owns<AppAbility>('Note')
  @SubscribeMessage('note:peek')
  peek() {
    return 'never';
  }

  @SubscribeMessage('say')
  say() {
    return 'said';
  }
}

describe('the route audit lists gateway messages, and strictRoutes covers them', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });
  afterAll(() => issuer.stop());

  const scenario = (
    gateways: Array<new (...args: never[]) => unknown>,
    options: Partial<PortcullisOptions> = {},
  ) => ({
    imports: [issuer.module({ policy: appPolicy, ...options })],
    providers: [UsersRepository, NotesRepository, UsersLoader, NotesLoader, ...gateways],
  });

  it('one WS line per message, with its requirements and the @Owns id field', async () => {
    const app = await startApp('express', scenario([NotesGateway, UsersGateway]));
    const ws = app
      .get(RouteAudit)
      .routes()
      .filter((route) => route.method === 'WS');
    await app.close();
    expect(
      ws.map((route) => `${route.path} ${route.controller}.${route.handler} ${route.access}`),
    ).toEqual([
      'note:delete(:noteId) NotesGateway.remove authenticated',
      'note:get(:id) NotesGateway.get authenticated',
      'notes:any NotesGateway.any authenticated',
      'notes:count NotesGateway.count authenticated',
      'notes:subscribe NotesGateway.subscribe authenticated',
      'ping NotesGateway.ping public',
      'user:get(:id) UsersGateway.get authenticated',
      'user:update(:id) UsersGateway.update authenticated',
      'users:can NotesGateway.can authenticated',
      'users:public UsersGateway.open public',
      'whoami NotesGateway.whoami authenticated',
    ]);
    expect(ws.find((route) => route.path === 'user:update(:id)')).toEqual(
      expect.objectContaining({
        scopes: [['read:users'], ['write:users']],
        owns: expect.objectContaining({
          subject: 'User',
          action: 'update',
          fields: 'input',
          input: 'changes',
        }),
      }),
    );
  });

  it('stops the boot for an @Owns without an action, and (strictRoutes) a message declaring nothing', async () => {
    const error = await bootError('express', scenario([ChatGateway], { strictRoutes: true }));
    expect(error).toBeInstanceOf(PortcullisConfigError);
    expect(error.message).toContain(
      "WS /chat note:peek(:id) (ChatGateway.peek) uses @Owns('Note') without an action",
    );
    expect(error.message).toContain(
      'WS /chat say (ChatGateway.say) declares nothing (strictRoutes)',
    );
  });
});
