import { Injectable } from '@nestjs/common';
import { LoadsResource, type ResourceLoader } from 'nest-portcullis';
import type { User } from '../data/records';
import { UsersRepository } from '../data/users.repository';

/** Loads the `User` of `@Owns('User')` routes by its id (the route's `:id`). */
@Injectable()
@LoadsResource('User')
export class UserLoader implements ResourceLoader<User> {
  constructor(private readonly users: UsersRepository) {}

  /** The user, or `undefined` (Portcullis then answers 404). */
  load(id: string): User | undefined {
    return this.users.findOne(id);
  }
}
