import { Injectable } from '@nestjs/common';
import { guard } from '@ucast/mongo2js';
import type { Note, User } from './app-policy';

const USERS: readonly User[] = [
  { id: '1234', name: 'Ada', email: 'ada@example.test', plan: 'free' },
  { id: '4567', name: 'Grace', email: 'grace@example.test', plan: 'free' },
  { id: '9999', name: 'Root', email: 'root@example.test', plan: 'pro' },
  // A user whose id is the test client's id: client tokens must not get user rules on it.
  { id: 'test-client', name: 'Robot', email: 'robot@example.test', plan: 'free' },
];

const NOTES: readonly Note[] = [
  { id: 'n1', ownerId: '1234', text: "Ada's note" },
  { id: 'n2', ownerId: '4567', text: "Grace's note" },
  { id: 'n3', ownerId: '1234', text: "Ada's other note" },
];

/** The users, in memory, with a way back to the seed and a Mongo-style query. */
@Injectable()
export class UsersRepository {
  private users = new Map<string, User>();
  /** How many times a user was loaded by id (a second load would show here). */
  loads = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.users = new Map(USERS.map((u) => [u.id, { ...u }]));
    this.loads = 0;
  }

  findAll(): User[] {
    return [...this.users.values()].map((u) => ({ ...u }));
  }

  findById(id: string): User | undefined {
    this.loads += 1;
    const user = this.users.get(id);
    return user && { ...user };
  }

  /** Runs a MongoDB filter in memory, as a database would. */
  find(query: object): User[] {
    return this.findAll().filter(guard<User>(query));
  }

  update(id: string, changes: Partial<User>): User {
    const user = { ...(this.users.get(id) as User), ...changes, id };
    this.users.set(id, user);
    return { ...user };
  }
}

/** The notes, in memory. */
@Injectable()
export class NotesRepository {
  private notes = new Map<string, Note>();

  constructor() {
    this.reset();
  }

  reset(): void {
    this.notes = new Map(NOTES.map((n) => [n.id, { ...n }]));
  }

  findAll(): Note[] {
    return [...this.notes.values()].map((n) => ({ ...n }));
  }

  findById(id: string): Note | undefined {
    const note = this.notes.get(id);
    return note && { ...note };
  }

  remove(id: string): void {
    this.notes.delete(id);
  }
}
