import { Injectable } from '@nestjs/common';
import { LoadsResource, type ResourceLoader } from 'nest-portcullis';
import type { Note, User } from './app-policy';
import { NotesRepository, UsersRepository } from './repositories';

/** Loads the `User` of `@Owns('User')` routes. */
@Injectable()
@LoadsResource('User')
export class UsersLoader implements ResourceLoader<User> {
  constructor(private readonly users: UsersRepository) {}

  /** `boom` plays a database failure: the app's own error, which Nest answers. */
  load(id: string): User | undefined {
    if (id === 'boom') throw new Error('the users database is down');
    return this.users.findById(id);
  }
}

/** Loads the `Note` of `@Owns('Note')` routes, asynchronously like a database would. */
@Injectable()
@LoadsResource('Note')
export class NotesLoader implements ResourceLoader<Note> {
  constructor(private readonly notes: NotesRepository) {}

  async load(id: string): Promise<Note | undefined> {
    return this.notes.findById(id);
  }
}
