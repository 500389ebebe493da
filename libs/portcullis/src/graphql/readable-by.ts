import { connectionMay } from '../context/connection-access';
import { socketConnectionOf, type GraphQLContextView } from '../context/graphql-connection';
import type { ConnectionState } from './portcullis-graphql.service';

/**
 * A `filter` for `@Subscription`: the subscriber receives an event only when its ability
 * allows `action` (default `read`) on the item, as a query for that item would decide. A
 * subscriber with no settled connection, or whose ability cannot be had, receives nothing.
 *
 * @example
 * ```ts
 * @Scopes('read:notes')
 * @Subscription(() => Note, { filter: readableBy('Note', (p: { noteCreated: Note }) => p.noteCreated) })
 * noteCreated() { return this.events.iterator('noteCreated'); }
 * ```
 */
export function readableBy<Payload>(
  subjectType: string,
  itemOf: (payload: Payload) => object,
  action = 'read',
): (payload: Payload, variables: unknown, context: GraphQLContextView) => Promise<boolean> {
  return async (payload, _variables, context) => {
    const state = socketConnectionOf(context) as ConnectionState | undefined;
    if (state === undefined) return false;
    let item: object;
    try {
      item = itemOf(payload);
    } catch {
      return false; // an event the filter cannot read is sent to no one
    }
    return connectionMay(state, action, subjectType, item);
  };
}
