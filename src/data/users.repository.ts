import { Injectable } from '@nestjs/common';
import { seedUsers, type User } from './records';

/** What a user record looks like on the wire: `{ id, name, email, plan }`, `email` if set. */
export function userJson(user: User): User {
  const { id, name, email, plan } = user;
  return email === undefined ? { id, name, plan } : { id, name, email, plan };
}

/** The users, in memory: seeded at each start, lost at each stop. */
@Injectable()
export class UsersRepository {
  private users = new Map<string, User>();

  constructor() {
    this.reset();
  }

  /** Back to the seed data (alice, bob, carol). */
  reset(): void {
    this.users = new Map(seedUsers().map((user) => [user.id, user]));
  }

  /** Every user, in creation order (copies). */
  findAll(): User[] {
    return [...this.users.values()].map(userJson);
  }

  /** One user (a copy), or `undefined`. */
  findOne(id: string): User | undefined {
    const user = this.users.get(id);
    return user === undefined ? undefined : userJson(user);
  }

  /** Applies the changes given and returns the stored user; `undefined` if there is none. */
  update(id: string, changes: Partial<Omit<User, 'id'>>): User | undefined {
    const user = this.users.get(id);
    if (user === undefined) return undefined;
    const updated = { ...user };
    if (changes.name !== undefined) updated.name = changes.name;
    if (changes.email !== undefined) updated.email = changes.email;
    if (changes.plan !== undefined) updated.plan = changes.plan;
    this.users.set(id, updated);
    return userJson(updated);
  }
}
