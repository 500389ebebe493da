import { TestIssuer } from 'nest-portcullis/testing';
import { userToken, type UserClaims } from '../policy/support/policy-app';
import { connectClient, withToken, type GatewayClient } from './support/clients';
import { GATEWAY_MATRIX, startGatewayApp, type GatewayApp } from './support/gateway-app';
import { handlerRuns } from './support/gateways';

/** What a refused message answers, in the ack (socket.io) or an `exception` message (ws). */
const refused = (status: number, code: string) => ({
  error: { status, code, message: expect.any(String) as string },
});
const SCOPE = refused(403, 'PORTCULLIS_INSUFFICIENT_SCOPE');
const FORBIDDEN = refused(403, 'PORTCULLIS_FORBIDDEN');
const NOT_FOUND = refused(404, 'PORTCULLIS_NOT_FOUND');

describe.each(GATEWAY_MATRIX)('gateway messages on %s (%s)', (wsPlatform, platform) => {
  let issuer: TestIssuer;
  let gateway: GatewayApp;
  const clients: GatewayClient[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gateway = await startGatewayApp(wsPlatform, platform, issuer);
  });
  beforeEach(() => {
    handlerRuns.length = 0;
    gateway.notes.reset();
    gateway.users.reset();
  });
  afterEach(() => clients.splice(0).forEach((client) => client.close()));
  afterAll(async () => {
    await gateway.app.close();
    await issuer.stop();
  });

  const as = (sub: string, claims: UserClaims = {}): GatewayClient => {
    const client = connectClient(
      wsPlatform,
      gateway.port,
      withToken(wsPlatform, userToken(issuer, sub, claims)),
    );
    clients.push(client);
    return client;
  };

  it('@Public and @Authenticated: any verified connection', async () => {
    const client = as('4567');
    await expect(client.request('ping')).resolves.toBe('pong');
    await expect(client.request('whoami')).resolves.toEqual({ sub: '4567' });
  });

  it('@Scopes: refused without the scope, the handler never runs, the connection stays open', async () => {
    const client = as('1234', { scope: 'read:users' });
    await expect(client.request('notes:count')).resolves.toEqual(SCOPE);
    expect(handlerRuns).toEqual([]);
    await expect(client.request('whoami')).resolves.toEqual({ sub: '1234' });
    await expect(as('1234', { scope: 'read:notes' }).request('notes:count')).resolves.toEqual({
      count: 3,
    });
  });

  it('@AnyScopes: one of the scopes is enough', async () => {
    await expect(as('1234', { scope: 'admin:notes' }).request('notes:any')).resolves.toEqual({
      ok: true,
    });
    await expect(as('1234', { scope: 'write:notes' }).request('notes:any')).resolves.toEqual(SCOPE);
  });

  it('@Can: the ability must allow the action on the type', async () => {
    await expect(as('1234', { scope: 'read:users' }).request('users:can')).resolves.toEqual({
      ok: true,
    });
    await expect(as('1234').request('users:can')).resolves.toEqual(FORBIDDEN);
    expect(handlerRuns).toEqual(['users:can']);
  });

  it('@Owns: the id from the payload field, 403 for another owner, 404 for none', async () => {
    const ada = as('1234', { scope: 'read:notes' });
    await expect(ada.request('note:get', { id: 'n1' })).resolves.toEqual({
      id: 'n1',
      ownerId: '1234',
      text: "Ada's note",
    });
    await expect(ada.request('note:get', { id: 'n2' })).resolves.toEqual(FORBIDDEN);
    await expect(ada.request('note:get', { id: 'nope' })).resolves.toEqual(NOT_FOUND);
    await expect(ada.request('note:get', 'n1')).resolves.toEqual(NOT_FOUND);
    await expect(ada.request('note:get', { id: { $ne: null } })).resolves.toEqual(NOT_FOUND);
    await expect(ada.request('note:get', JSON.parse('{"__proto__":{"id":"n1"}}'))).resolves.toEqual(
      NOT_FOUND,
    );
    expect(handlerRuns).toEqual(['note:get']);
  });

  it('@Owns with a named id field and hide: a refused delete changes nothing', async () => {
    const ada = as('1234', { scope: 'write:notes' });
    await expect(ada.request('note:delete', { noteId: 'n2' })).resolves.toEqual(NOT_FOUND);
    expect(gateway.notes.findById('n2')).toBeDefined();
    await expect(ada.request('note:delete', { noteId: 'n1' })).resolves.toEqual({ deleted: 'n1' });
    expect(gateway.notes.findById('n1')).toBeUndefined();
  });

  it('class-level @Scopes applies to every message of the gateway; a @Public method opts out', async () => {
    const plain = as('1234');
    await expect(plain.request('user:get', { id: '1234' })).resolves.toEqual(SCOPE);
    await expect(plain.request('users:public')).resolves.toEqual({ ok: true });
    const reader = as('1234', { scope: 'read:users' });
    await expect(reader.request('user:get', { id: '1234' })).resolves.toEqual(
      expect.objectContaining({ id: '1234', name: 'Ada' }),
    );
  });

  it("@Owns fields: 'input' checks the named payload object; a refused field changes nothing", async () => {
    const ada = as('1234', { scope: 'read:users write:users' });
    const plan = { id: '1234', changes: { plan: 'pro' } };
    await expect(ada.request('user:update', plan)).resolves.toEqual(FORBIDDEN);
    expect(gateway.users.findById('1234')?.plan).toBe('free');
    await expect(ada.request('user:update', { id: '1234', plan: 'pro' })).resolves.toEqual(
      FORBIDDEN,
    );
    expect(gateway.users.findById('1234')?.plan).toBe('free');
    const name = { id: '1234', changes: { name: 'Ada L.' } };
    await expect(ada.request('user:update', name)).resolves.toEqual(
      expect.objectContaining({ id: '1234', name: 'Ada L.', plan: 'free' }),
    );
    expect(handlerRuns).toEqual(['user:update']);
  });

  it('also emits the refusal as an `exception` event, as Nest does for gateway errors', async () => {
    const client = as('1234');
    await client.request('notes:count');
    await expect(client.request('ping')).resolves.toBe('pong');
    expect(client.exceptions).toEqual([SCOPE.error]);
  });
});
