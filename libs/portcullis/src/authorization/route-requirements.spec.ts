import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Authenticated } from '../decorators/authenticated.decorator';
import { Can } from '../decorators/can.decorator';
import { CurrentAbility } from '../decorators/current-ability.decorator';
import { Owns } from '../decorators/owns.decorator';
import { Public } from '../decorators/public.decorator';
import { AnyScopes, Scopes } from '../decorators/scopes.decorator';
import { isDeclared, needsAbility, RouteRequirementsReader } from './route-requirements';
import { describeScopeGroups, namedScopes, unmetScopeGroups } from './scope-check';

@Scopes('read:users')
@Can('read', 'User')
@Controller('users')
class UsersController {
  @Scopes('write:users', 'audit')
  @AnyScopes('admin', 'support')
  @Can('update', 'User', 'name')
  @Owns('User', { param: 'userId', action: 'update', hide: true, fields: 'body' })
  @Get(':userId')
  update(): void {}

  @Public()
  @Get('open')
  open(): void {}

  @Get('plain')
  plain(): void {}

  @Get('ability')
  withAbility(@CurrentAbility() _ability: unknown): void {}
}

@Public()
@Owns('Note')
@Controller('notes')
class NotesController {
  @Authenticated()
  @Owns('Note', { param: 'noteId' })
  @Get(':noteId')
  read(): void {}

  @Get()
  list(): void {}
}

@Scopes('extra')
class AdminUsersController extends UsersController {}

const reader = new RouteRequirementsReader(new Reflector());
const users = UsersController.prototype;

describe('route requirements', () => {
  it('adds class and method scopes and @Can requirements up, class first', () => {
    const route = reader.of(users.update, UsersController);

    expect(route.scopeGroups).toEqual([
      ['read:users'],
      ['write:users'],
      ['audit'],
      ['admin', 'support'],
    ]);
    expect(route.can).toEqual([
      { action: 'read', subject: 'User' },
      { action: 'update', subject: 'User', field: 'name' },
    ]);
    expect(route.owns).toEqual({
      subject: 'User',
      param: 'userId',
      action: 'update',
      hide: true,
      fields: 'body',
    });
    expect([needsAbility(route), isDeclared(route), route.isPublic]).toEqual([true, true, false]);
  });

  it('keeps a method its class requirements: a plain method still needs the class scope', () => {
    const route = reader.of(users.plain, UsersController);

    expect(route.scopeGroups).toEqual([['read:users']]);
    expect(route.can).toEqual([{ action: 'read', subject: 'User' }]);
  });

  it('lets @Public and @Owns of a method override the class', () => {
    expect(reader.of(users.open, UsersController).isPublic).toBe(true);
    const read = reader.of(NotesController.prototype.read, NotesController);
    expect(read).toMatchObject({ isPublic: true, authenticated: true });
    expect(read.owns).toMatchObject({ subject: 'Note', param: 'noteId' });
    expect(reader.of(NotesController.prototype.list, NotesController).owns).toMatchObject({
      param: 'id',
      action: undefined,
      hide: false,
      fields: false,
    });
  });

  it('sees @CurrentAbility on a parameter', () => {
    const route = reader.of(users.withAbility, UsersController);

    expect(route.usesAbility).toBe(true);
    expect(reader.of(users.plain, UsersController).usesAbility).toBe(false);
  });

  it('gives a subclass its parent class requirements plus its own', () => {
    const route = reader.of(users.plain, AdminUsersController);

    expect(route.scopeGroups).toEqual([['extra'], ['read:users']]);
    expect(reader.of(users.plain, UsersController).scopeGroups).toEqual([['read:users']]);
  });

  it('refuses empty and malformed scopes when the decorator is applied', () => {
    expect(() => Scopes()).toThrow('@Scopes() needs at least one scope');
    expect(() => AnyScopes('a b')).toThrow('@AnyScopes() got an invalid scope "a b"');
    expect(() => Scopes('')).toThrow('invalid scope ""');
  });
});

describe('scope groups', () => {
  const groups = [['read:users'], ['admin', 'support'], ['read:users']];

  it.each([
    [[], [['read:users'], ['admin', 'support'], ['read:users']]],
    [['read:users'], [['admin', 'support']]],
    [['read:users', 'support'], []],
    [
      ['admin', 'support'],
      [['read:users'], ['read:users']],
    ],
    [['read:users_all', 'Admin'], groups],
  ])('token %j leaves %j unmet (exact string equality)', (held, unmet) => {
    expect(unmetScopeGroups(new Set(held), groups)).toEqual(unmet);
  });

  it('names every scope once for the challenge, and describes the groups for logs', () => {
    expect(namedScopes(groups)).toEqual(['read:users', 'admin', 'support']);
    expect(describeScopeGroups(groups)).toBe('read:users and (admin or support) and read:users');
  });
});
