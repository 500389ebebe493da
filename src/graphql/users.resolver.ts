import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentAbility, Owns, permittedItems, Resource, Scopes } from 'nest-portcullis';
import type { User as UserRecord } from '../data/records';
import { UsersRepository } from '../data/users.repository';
import type { DemoAbility } from '../policy/demo-ability';
import { UpdateUserInput, User } from './graphql-types';

/** A user as GraphQL answers it: the schema's `email` is non-null, so a missing one is `""`. */
export function userNode(user: UserRecord): User {
  return { id: user.id, name: user.name, email: user.email ?? '', plan: user.plan };
}

/** The twins of `GET /users`, `GET /users/:id` and `PATCH /users/:id`: same scopes, same policy. */
@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly repository: UsersRepository) {}

  /** Every user the caller may read (only themself, for most). */
  @Scopes('read:users')
  @Query(() => [User])
  users(@CurrentAbility() ability: DemoAbility): User[] {
    return permittedItems(ability, 'read', 'User', this.repository.findAll()).map(userNode);
  }

  /** One user: `NOT_FOUND` where REST answers 404, `FORBIDDEN` where it answers 403. */
  @Scopes('read:users')
  @Owns<DemoAbility>('User')
  @Query(() => User, { nullable: true })
  user(@Args('id', { type: () => ID }) _id: string, @Resource() user: UserRecord): User {
    return userNode(user);
  }

  /** Changes a user; every key of `input` must be a field the caller may update. */
  @Scopes('write:users')
  @Owns<DemoAbility>('User', { fields: 'input' })
  @Mutation(() => User, { nullable: true })
  updateUser(
    @Args('id', { type: () => ID }) _id: string,
    @Args('input') input: UpdateUserInput,
    @Resource() user: UserRecord,
  ): User {
    // A `null` reads as "unchanged", as an absent key does (the REST body's rule too).
    const changes = { name: input.name, email: input.email, plan: input.plan };
    const updated = this.repository.update(user.id, withoutNulls(changes));
    return userNode(updated ?? user);
  }
}

function withoutNulls<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== null && v !== undefined),
  ) as Partial<T>;
}
