import { TestIssuer } from 'nest-portcullis/testing';
import { userToken } from '../policy/support/policy-app';
import { DRIVERS, startGraphQL, type GraphQLApp } from './support/graphql-app';
import { connect, subscribe, type WsConnection } from './support/ws-client';

/**
 * Queries and mutations over the graphql-ws socket (graphql-ws executes any operation sent
 * with `subscribe`; Mercurius with `subscription.fullWsTransport`). They are checked with the
 * principal of the socket's `connection_init`, as subscriptions are; the upgrade request's
 * headers play no part.
 */
describe.each(DRIVERS)('queries and mutations over the subscription socket on %s', (driver) => {
  let issuer: TestIssuer;
  let gql: GraphQLApp;
  const connections: WsConnection[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gql = await startGraphQL(driver, issuer, {}, { fullWsTransport: true });
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.client.dispose()));
  });
  afterAll(async () => {
    await gql.app.close();
    await issuer.stop();
  });

  const open = (
    params: Record<string, unknown>,
    upgradeHeaders: Record<string, string> = {},
  ): WsConnection => {
    const connection = connect(gql.port, params, upgradeHeaders);
    connections.push(connection);
    return connection;
  };
  const bearer = (sub: string, scope: string) => `Bearer ${userToken(issuer, sub, { scope })}`;

  it('a query answers as the connection’s caller', async () => {
    const ada = open({ authorization: bearer('1234', 'read:users') });
    const result = subscribe(ada.client, '{ me user(id: "1234") { id } }');
    await result.done;
    expect([result.next, result.errors]).toEqual([
      [{ data: { me: '1234', user: { id: '1234' } } }],
      [],
    ]);
  });

  it('a query needing a scope the connection’s token lacks: the field is refused', async () => {
    const ada = open({ authorization: bearer('1234', 'read:notes') });
    const result = subscribe(ada.client, '{ me user(id: "1234") { id } }');
    await result.done;
    expect(result.next).toEqual([
      expect.objectContaining({
        data: { me: '1234', user: null },
        errors: [
          expect.objectContaining({
            extensions: expect.objectContaining({ code: 'FORBIDDEN' }) as unknown,
          }),
        ],
      }),
    ]);
  });

  it('a mutation by a caller who may not: refused, nothing changed', async () => {
    const before = gql.users.findAll().map((u) => ({ ...u }));
    const ada = open({ authorization: bearer('1234', 'read:users') });
    const result = subscribe(
      ada.client,
      'mutation { updateUser(id: "4567", input: { name: "x" }) { id } }',
    );
    await result.done;
    expect(JSON.stringify(result.next)).toContain('FORBIDDEN');
    expect(gql.users.findAll()).toEqual(before);
  });

  it('the upgrade request’s Authorization header is never read: the connection’s caller decides', async () => {
    const admin = bearer('4567', 'read:users write:users admin');
    const ada = open({ authorization: bearer('1234', 'read:notes') }, { Authorization: admin });
    const result = subscribe(ada.client, '{ me user(id: "1234") { id } }');
    await result.done;
    expect(result.next).toEqual([expect.objectContaining({ data: { me: '1234', user: null } })]);
  });

  it('without a token the socket is refused at connection_init: no query runs', async () => {
    const anonymous = open({});
    const result = subscribe(anonymous.client, '{ me }');
    await expect(anonymous.closed).resolves.toEqual({ code: 4403, reason: 'Forbidden' });
    await result.done;
    expect(result.next).toEqual([]);
  });
});
