import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestIssuer } from 'nest-portcullis/testing';
import type { Note } from '../policy/support/app-policy';
import { userToken } from '../policy/support/policy-app';
import { startGraphQL, type GraphQLApp } from './support/graphql-app';
import { noteEvents, publishNote, pubsubSources, PubSubNotesResolver } from './support/resolvers';
import { connect, until } from './support/ws-client';

/** What the test uses of Mercurius's app-wide pubsub (`app.graphql.pubsub`). */
interface MercuriusPublisher {
  publish(event: { topic: string; payload: unknown }): Promise<void>;
}

/**
 * What the README says of Mercurius's filtered subscriptions: a subscription on Mercurius's
 * own pubsub is released as soon as its client unsubscribes or its socket closes, however
 * many events its filter rejects; one on an app-owned source keeps its listener until an
 * event it may read arrives (Mercurius's `withFilter` sees the close only then).
 */
describe('filtered subscriptions on Mercurius: when a closed one lets go of its source', () => {
  let issuer: TestIssuer;
  let gql: GraphQLApp;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    gql = await startGraphQL('mercurius', issuer, {}, { resolvers: [PubSubNotesResolver] });
  });
  afterAll(async () => {
    await gql.app.close();
    await issuer.stop();
  });

  const ada = () => `Bearer ${userToken(issuer, '1234', { scope: 'read:notes' })}`;
  const publishAdded = (note: Note) => {
    const fastify = (gql.app as NestFastifyApplication).getHttpAdapter().getInstance() as unknown;
    const { pubsub } = (fastify as { graphql: { pubsub: MercuriusPublisher } }).graphql;
    return pubsub.publish({ topic: 'noteAdded', payload: { noteAdded: note } });
  };
  const graces = (n: number): Note => ({ id: `g${n}`, ownerId: '4567', text: 'not for Ada' });

  /** Two subscriptions of Ada's: one she stops, one whose socket closes; what each received. */
  async function subscribeTwiceThenLeave(field: string, listening: () => number) {
    const before = listening();
    const stopped = connect(gql.port, { authorization: ada() });
    const closed = connect(gql.port, { authorization: ada() });
    const received: unknown[] = [];
    const sink = { next: (v: unknown) => received.push(v), error: () => {}, complete: () => {} };
    const query = `subscription { ${field} { id } }`;
    const stop = stopped.client.subscribe({ query }, sink);
    closed.client.subscribe({ query }, sink);
    await until(() => listening() === before + 2);
    return {
      before,
      received,
      leave: async () => (stop(), await closed.client.dispose()),
      stopped,
    };
  }

  it("Mercurius's pubsub: released at once, while the filter rejects every event", async () => {
    const run = await subscribeTwiceThenLeave('noteAdded', () => pubsubSources.open);
    await publishAdded(graces(1));
    await run.leave();
    // No event after the client left: Mercurius ends the source itself.
    await until(() => pubsubSources.open === run.before);
    expect(run.received).toEqual([]);
    await run.stopped.client.dispose();
  });

  it('an app-owned source: kept until an event the subscriber may read arrives', async () => {
    const listening = () => noteEvents.listenerCount('noteCreated');
    const run = await subscribeTwiceThenLeave('noteCreated', listening);
    publishNote(graces(1));
    await run.leave();
    publishNote(graces(2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(listening()).toBe(run.before + 2);
    // A note Ada may read: each kept subscription takes it, sees it is closed, and lets go;
    // nothing is delivered to a client that left.
    publishNote({ id: 'a1', ownerId: '1234', text: 'for Ada' });
    await until(() => listening() === run.before);
    expect(run.received).toEqual([]);
    await run.stopped.client.dispose();
  });
});
