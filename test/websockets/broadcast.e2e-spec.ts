import { emitToReaders } from 'nest-portcullis/websockets';
import { TestIssuer } from 'nest-portcullis/testing';
import { userToken, type UserClaims } from '../policy/support/policy-app';
import { connectClient, withToken, type GatewayClient } from './support/clients';
import { WS_PLATFORMS, startGatewayApp, type GatewayApp } from './support/gateway-app';

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
};

describe.each(WS_PLATFORMS)('emitToReaders on %s', (wsPlatform) => {
  let issuer: TestIssuer;
  let gateway: GatewayApp;
  const clients: GatewayClient[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gateway = await startGatewayApp(wsPlatform, 'express', issuer);
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await gateway.app.close();
    await issuer.stop();
  });

  const as = (sub: string, claims: UserClaims): GatewayClient => {
    const client = connectClient(
      wsPlatform,
      gateway.port,
      withToken(wsPlatform, userToken(issuer, sub, claims)),
    );
    clients.push(client);
    return client;
  };
  const created = (client: GatewayClient) =>
    client.events.filter((e) => e.event === 'note:created').map((e) => e.data);

  it('sends each item only to the clients whose ability may read it', async () => {
    const ada = as('1234', { scope: 'read:notes' });
    const grace = as('4567', { scope: 'read:notes' });
    const carol = as('1234', { scope: 'read:users' }); // Ada's own notes, but no read:notes scope
    const admin = as('9999', { scope: 'read:notes', roles: ['admin'] });
    for (const client of [ada, grace, admin])
      await expect(client.request('notes:subscribe')).resolves.toEqual({ ok: true });
    await expect(carol.request('whoami')).resolves.toEqual({ sub: '1234' });

    const forAda = { id: 'a1', ownerId: '1234', text: 'for Ada' };
    const forGrace = { id: 'g1', ownerId: '4567', text: 'for Grace' };
    const server = gateway.gateway.server as Parameters<typeof emitToReaders>[0];
    const room = wsPlatform === 'socket.io' ? { room: 'notes' } : {};
    await expect(
      emitToReaders(server, 'note:created', forAda, { subject: 'Note', ...room }),
    ).resolves.toBe(2);
    await expect(
      emitToReaders(server, 'note:created', forGrace, { subject: 'Note', ...room }),
    ).resolves.toBe(2);
    await until(
      () => created(admin).length === 2 && created(ada).length === 1 && created(grace).length === 1,
    );
    // One round trip each: anything else sent to them would have arrived by now.
    await Promise.all([ada, grace, carol].map((client) => client.request('ping')));

    expect(created(ada)).toEqual([forAda]);
    expect(created(grace)).toEqual([forGrace]);
    expect(created(carol)).toEqual([]);
    expect(created(admin)).toEqual([forAda, forGrace]);
  });

  it('sends nothing to a client whose token has expired', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = issuer.mintAccessToken({ sub: '1234', scope: 'read:notes', exp });
    const client = connectClient(wsPlatform, gateway.port, withToken(wsPlatform, token));
    clients.push(client);
    await expect(client.request('notes:subscribe')).resolves.toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 10));
    const server = gateway.gateway.server as Parameters<typeof emitToReaders>[0];
    const note = { id: 'a2', ownerId: '1234', text: 'late' };
    await expect(emitToReaders(server, 'note:created', note, { subject: 'Note' })).resolves.toBe(0);
    expect(created(client)).toEqual([]);
  }, 8_000);
});
