import { EventEmitter, on } from 'node:events';
import {
  Args,
  Field,
  ID,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { Need, type SpikeContext } from './spike-guard';

@ObjectType()
export class Item {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  /** Resolved by a field resolver that needs `read:secret`. */
  @Field(() => String, { nullable: true }) secret?: string | null;
}

/** The items; a refused mutation must leave it as it was. */
export const store = new Map<string, Item>();

/** A minimal pub/sub: `events.on` gives an async iterator that cleans up on `return()`. */
export const events = new EventEmitter();
export const ITEM_ADDED = 'itemAdded';

@Resolver(() => Item)
export class ItemResolver {
  @Query(() => String)
  @Need({ public: true })
  health(): string {
    return 'ok';
  }

  @Query(() => String, { nullable: true })
  me(): string {
    return 'me';
  }

  @Query(() => Item, { nullable: true })
  @Need({ scope: 'read:items', ownerArg: 'id' })
  item(@Args('id', { type: () => ID }) id: string): Item | null {
    return store.get(id) ?? null;
  }

  @Query(() => String, { nullable: true })
  @Need({ scope: 'admin' })
  admin(): string {
    return 'admin';
  }

  @Query(() => String, { nullable: true })
  @Need({ scope: 'admin', via: 'http-exception' })
  adminHttp(): string {
    return 'admin';
  }

  @Query(() => String, { nullable: true })
  @Need({ scope: 'admin', via: 'graphql-error' })
  adminGraphQLError(): string {
    return 'admin';
  }

  @Query(() => String, { nullable: true })
  @Need({ ownerArg: 'id', via: 'http-exception' })
  ownedHttp(@Args('id', { type: () => ID }) id: string): string {
    return id;
  }

  @Mutation(() => Item, { nullable: true })
  @Need({ scope: 'write:items', ownerArg: 'id' })
  rename(@Args('id', { type: () => ID }) id: string, @Args('name') name: string): Item | null {
    const item = store.get(id);
    if (!item) return null;
    item.name = name;
    return item;
  }

  @ResolveField(() => String, { nullable: true })
  @Need({ scope: 'read:secret' })
  secret(@Parent() item: Item): string {
    return `secret of ${item.id}`;
  }

  @Subscription(() => Item, {
    // Per subscriber: only items the subscriber owns reach it.
    filter: (payload: { itemAdded: Item }, _variables: unknown, context: SpikeContext) =>
      payload.itemAdded.id.startsWith(`own-${context.principal?.sub ?? '-'}-`),
  })
  @Need({ scope: 'read:items' })
  itemAdded(): AsyncIterableIterator<{ itemAdded: Item }> {
    return payloads(on(events, ITEM_ADDED));
  }
}

/**
 * Maps the emitter's events to payloads. Not an async generator: `return()` on a
 * generator suspended in `await source.next()` waits for the next event, so an
 * unsubscribed client would leave its listener behind until something is published.
 */
function payloads(
  source: AsyncIterableIterator<unknown[]>,
): AsyncIterableIterator<{ itemAdded: Item }> {
  return {
    async next() {
      const result = await source.next();
      return result.done ? result : { done: false, value: { itemAdded: result.value[0] as Item } };
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** Publishes one item to every subscriber (the filter decides who receives it). */
export function publish(item: Item): void {
  events.emit(ITEM_ADDED, item);
}
