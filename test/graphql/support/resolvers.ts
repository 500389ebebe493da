import { EventEmitter, on } from 'node:events';
import {
  Args,
  Context,
  Field,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import {
  AnyScopes,
  Authenticated,
  Can,
  CurrentAbility,
  CurrentPrincipal,
  Owns,
  permittedItems,
  Public,
  readableBy,
  Resource,
  Scopes,
  type Principal,
} from 'nest-portcullis';
import type {
  AppAbility,
  Note as NoteRecord,
  User as UserRecord,
} from '../../policy/support/app-policy';
import { NotesRepository, UsersRepository } from '../../policy/support/repositories';

@ObjectType()
export class User {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() email!: string;
  /** Resolved by a field resolver that needs `admin` or `read:billing`. */
  @Field(() => String, { nullable: true }) plan?: string | null;
}

@ObjectType()
export class Note {
  @Field(() => ID) id!: string;
  @Field(() => ID) ownerId!: string;
  @Field() text!: string;
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) email?: string;
  @Field({ nullable: true }) plan?: string;
}

/** Where notes are published for the `noteCreated` subscription. */
export const noteEvents = new EventEmitter();

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly repository: UsersRepository) {}

  @Public()
  @Query(() => String)
  health(): string {
    return 'ok';
  }

  @Authenticated()
  @Query(() => String, { nullable: true })
  me(@CurrentPrincipal() principal: Principal): string {
    return principal.sub;
  }

  @Scopes('read:users')
  @Owns<AppAbility>('User', { hide: true })
  @Query(() => User, { nullable: true })
  user(@Args('id', { type: () => ID }) _id: string, @Resource() user: UserRecord): UserRecord {
    return user;
  }

  @Scopes('read:users')
  @Query(() => [User], { nullable: true })
  users(@CurrentAbility() ability: AppAbility): UserRecord[] {
    return permittedItems(ability, 'read', 'User', this.repository.findAll());
  }

  @Scopes('write:users')
  @Owns<AppAbility>('User', { fields: 'input' })
  @Mutation(() => User, { nullable: true })
  updateUser(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateUserInput,
  ): UserRecord {
    return this.repository.update(id, { ...input });
  }

  @AnyScopes('admin', 'read:billing')
  @ResolveField(() => String, { nullable: true })
  plan(@Parent() user: UserRecord): string {
    return user.plan;
  }
}

@Resolver(() => Note)
export class NotesResolver {
  constructor(private readonly notes: NotesRepository) {}

  @Scopes('read:notes')
  @Owns<AppAbility>('Note', { hide: true })
  @Query(() => Note, { nullable: true })
  note(@Args('id', { type: () => ID }) _id: string, @Resource() note: NoteRecord): NoteRecord {
    return note;
  }

  @Scopes('write:notes')
  @Owns<AppAbility>('Note', { action: 'delete' })
  @Mutation(() => Boolean, { nullable: true })
  deleteNote(@Args('id', { type: () => ID }) id: string): boolean {
    this.notes.remove(id);
    return true;
  }

  @Scopes('read:notes')
  @Subscription(() => Note, {
    filter: readableBy('Note', (payload: { noteCreated: NoteRecord }) => payload.noteCreated),
  })
  noteCreated(): AsyncIterableIterator<{ noteCreated: NoteRecord }> {
    return payloads(on(noteEvents, 'noteCreated'));
  }
}

/** Everything here needs `admin`, from the class; `ping` is public by its own word. */
@Scopes('admin')
@Resolver()
export class AdminResolver {
  @Query(() => String, { nullable: true })
  stats(): string {
    return 'stats';
  }

  @Public()
  @Query(() => String, { nullable: true })
  ping(): string {
    return 'pong';
  }

  @Can<AppAbility>('update', 'User', 'plan')
  @Query(() => String, { nullable: true })
  billing(): string {
    return 'billing';
  }
}

/** Publishes a note to every subscriber (each one's filter decides). */
export function publishNote(note: NoteRecord): void {
  noteEvents.emit('noteCreated', note);
}

/**
 * Maps the emitter's events to payloads. Not an async generator: its `return()` would wait
 * for the next event, leaving an unsubscribed client's listener behind.
 */
function payloads(
  source: AsyncIterableIterator<unknown[]>,
): AsyncIterableIterator<{ noteCreated: NoteRecord }> {
  return {
    async next() {
      const result = await source.next();
      if (result.done) return result;
      return { done: false, value: { noteCreated: result.value[0] as NoteRecord } };
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

/** Mercurius's per-subscription pubsub, as a resolver sees it in the context. */
interface MercuriusPubSub {
  subscribe(topic: string): Promise<AsyncIterable<unknown>>;
}

/** How many `noteAdded` sources are open now (a source is closed once it ends or returns). */
export const pubsubSources = { open: 0 };

/**
 * Mercurius only: `noteAdded` over Mercurius's own pubsub, which Mercurius ends itself when
 * a client unsubscribes or its socket closes, filtered by `readableBy` as `noteCreated` is.
 */
@Resolver(() => Note)
export class PubSubNotesResolver {
  @Scopes('read:notes')
  @Subscription(() => Note, {
    filter: readableBy('Note', (payload: { noteAdded: NoteRecord }) => payload.noteAdded),
  })
  async noteAdded(
    @Context('pubsub') pubsub: MercuriusPubSub,
  ): Promise<AsyncIterableIterator<unknown>> {
    const source = (await pubsub.subscribe('noteAdded'))[Symbol.asyncIterator]();
    pubsubSources.open++;
    let open = true;
    const closed = () => {
      if (open) pubsubSources.open--;
      open = false;
    };
    return {
      async next() {
        const result = await source.next();
        if (result.done === true) closed();
        return result;
      },
      async return() {
        closed();
        return (await source.return?.()) ?? { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncIterableIterator<unknown>;
  }
}
