import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { CurrentAbility, Owns, permittedItems, Resource, Scopes } from 'nest-portcullis';
import type { User } from '../data/records';
import { userJson, UsersRepository } from '../data/users.repository';
import type { DemoAbility } from '../policy/demo-ability';
import { UpdateUserDto } from './update-user.dto';
import { JsonBodyGuard } from '../validation/json-body.guard';

/** The users: each may see and edit themself; the policy says who else may. */
@Controller('users')
@UseGuards(JsonBodyGuard)
export class UsersController {
  constructor(private readonly users: UsersRepository) {}

  /** Every user the caller may read (only themself, for most). */
  @Scopes('read:users')
  @Get()
  list(@CurrentAbility() ability: DemoAbility): User[] {
    return permittedItems(ability, 'read', 'User', this.users.findAll());
  }

  /** One user: themself, `read:users` permission, support, admin, a client with the scope. */
  @Scopes('read:users')
  @Owns<DemoAbility>('User')
  @Get(':id')
  findOne(@Resource() user: User): User {
    return userJson(user);
  }

  /** Changes a user; every field in the body must be one the caller may change. */
  @Scopes('write:users')
  @Owns<DemoAbility>('User', { fields: 'body' })
  @Patch(':id')
  update(@Resource() user: User, @Body() changes: UpdateUserDto): User {
    const updated = this.users.update(user.id, changes);
    // The loader just found it; only a concurrent delete could remove it, and there is none.
    return updated ?? userJson(user);
  }
}
