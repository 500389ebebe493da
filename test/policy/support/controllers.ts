import { Body, Controller, Delete, Get, HttpCode, Patch, Put } from '@nestjs/common';
import {
  accessibleQuery,
  AnyScopes,
  assertFields,
  Authenticated,
  Can,
  CurrentAbility,
  CurrentPrincipal,
  Owns,
  permittedItems,
  Public,
  Resource,
  Scopes,
  subject,
  type Principal,
} from 'nest-portcullis';
import type { AppAbility, Note, User } from './app-policy';
import { NotesRepository, UsersRepository } from './repositories';

/** Users: each reads and edits themself; the policy says who else may. */
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersRepository) {}

  /** List filtering in memory: the users the caller may read. */
  @Scopes('read:users')
  @Get()
  list(@CurrentAbility() ability: AppAbility): User[] {
    return permittedItems(ability, 'read', 'User', this.users.findAll());
  }

  /** List filtering in the "database": the policy as a query condition. */
  @Scopes('read:users')
  @Get('query')
  query(@CurrentAbility() ability: AppAbility): { match: string; ids: string[] } {
    const access = accessibleQuery(ability, 'read', 'User');
    const found = access.match === 'none' ? [] : this.users.find(access.query);
    return { match: access.match, ids: found.map((u) => u.id) };
  }

  @Scopes('read:users')
  @Owns<AppAbility>('User')
  @Get(':id')
  findOne(@Resource() user: User): User {
    return user;
  }

  /** Every field of the body must be one the caller may change. */
  @Scopes('write:users')
  @Owns<AppAbility>('User', { fields: 'body' })
  @Patch(':id')
  update(@Resource() user: User, @Body() changes: Partial<User>): User {
    return this.users.update(user.id, changes);
  }

  /** The field check in the handler, with assertFields. */
  @Scopes('write:users')
  @Owns<AppAbility>('User', { param: 'userId' })
  @Put(':userId/plan')
  setPlan(
    @Resource() user: User,
    @CurrentAbility() ability: AppAbility,
    @Body() body: { plan: string },
  ): User {
    assertFields(ability, 'update', subject('User', user), ['plan']);
    return this.users.update(user.id, { plan: body.plan });
  }
}

/** Notes: every route needs `read:notes` (class level); the method's scopes add up. */
@Scopes('read:notes')
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesRepository) {}

  /** A note of someone else's is answered like a missing one. */
  @Owns<AppAbility>('Note', { hide: true })
  @Get(':id')
  findOne(@Resource() note: Note): Note {
    return note;
  }

  @Scopes('write:notes')
  @Owns<AppAbility>('Note')
  @Delete(':id')
  @HttpCode(204)
  remove(@Resource() note: Note): void {
    this.notes.remove(note.id);
  }
}

/** Routes of every other kind: public, authenticated, any-of scopes, @Can, undeclared. */
@Controller()
export class MiscController {
  @Public()
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Authenticated()
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): { sub: string; kind: string } {
    return { sub: principal.sub, kind: principal.kind };
  }

  @AnyScopes('read:notes', 'read:users')
  @Get('dashboard')
  dashboard(): { ok: true } {
    return { ok: true };
  }

  /** Only callers who may change some user's plan. */
  @Scopes('write:users')
  @Can<AppAbility>('update', 'User', 'plan')
  @Get('billing')
  billing(): { ok: true } {
    return { ok: true };
  }

  @Get('undeclared')
  undeclared(): { ok: true } {
    return { ok: true };
  }
}
