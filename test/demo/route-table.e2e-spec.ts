import { Controller, Get, Module } from '@nestjs/common';
import { RouteAudit } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import { AppModule } from '../../src/app.module';
import { startApp } from '../support/platforms';
import { DemoHarness } from './demo-harness';

describe('the demo route table', () => {
  let demo: DemoHarness;

  beforeAll(async () => {
    demo = await DemoHarness.start('express');
  });
  afterAll(() => demo.stop());

  it('is the table of the issue: every route, its scope, and how the record is checked', () => {
    const routes = demo.app
      .get(RouteAudit)
      .routes()
      .map((r) => [r.method, r.path, r.access, r.scopes.flat().join(' '), r.can ?? r.owns ?? null]);
    const owns = (subject: string, action: string, fields: 'body' | 'input' | false = false) => ({
      subject,
      param: 'id',
      action,
      hide: false,
      fields,
    });
    expect(routes).toEqual(
      expect.arrayContaining([
        ['GET', '/health', 'public', '', null],
        ['GET', '/me', 'authenticated', '', null],
        ['GET', '/users', 'authenticated', 'read:users', null],
        ['GET', '/users/:id', 'authenticated', 'read:users', owns('User', 'read')],
        ['PATCH', '/users/:id', 'authenticated', 'write:users', owns('User', 'update', 'body')],
        ['GET', '/notes', 'authenticated', 'read:notes', null],
        ['POST', '/notes', 'authenticated', 'write:notes', [['create', 'Note']]],
        ['GET', '/notes/:id', 'authenticated', 'read:notes', owns('Note', 'read')],
        ['PATCH', '/notes/:id', 'authenticated', 'write:notes', owns('Note', 'update')],
        ['DELETE', '/notes/:id', 'authenticated', 'write:notes', owns('Note', 'delete')],
        // The GraphQL twins: the same scopes and checks as the routes they mirror.
        ['QUERY', 'Query.health', 'public', '', null],
        ['QUERY', 'Query.me', 'authenticated', '', null],
        ['QUERY', 'Query.users', 'authenticated', 'read:users', null],
        ['QUERY', 'Query.user(:id)', 'authenticated', 'read:users', owns('User', 'read')],
        ['QUERY', 'Query.notes', 'authenticated', 'read:notes', null],
        ['QUERY', 'Query.note(:id)', 'authenticated', 'read:notes', owns('Note', 'read')],
        [
          'MUTATION',
          'Mutation.updateUser(:id, :input)',
          'authenticated',
          'write:users',
          owns('User', 'update', 'input'),
        ],
        [
          'MUTATION',
          'Mutation.createNote(:input)',
          'authenticated',
          'write:notes',
          [['create', 'Note']],
        ],
        [
          'MUTATION',
          'Mutation.deleteNote(:id)',
          'authenticated',
          'write:notes',
          owns('Note', 'delete'),
        ],
        ['SUBSCRIPTION', 'Subscription.noteCreated', 'authenticated', 'read:notes', null],
        // The socket.io gateway's messages.
        ['WS', 'note:get(:id)', 'authenticated', 'read:notes', owns('Note', 'read')],
        ['WS', 'notes:subscribe', 'authenticated', 'read:notes', null],
      ]),
    );
    expect(routes).toHaveLength(22);
  });

  it('prints as a text table for the start-up log', () => {
    const table = demo.app.get(RouteAudit).table();
    for (const path of ['/health', '/me', '/users/:id', '/notes/:id', 'Query.user(:id)'])
      expect(table).toContain(path);
  });

  it('refuses to boot when a route declares nothing (strictRoutes)', async () => {
    @Controller('extra')
    class UndeclaredController {
      @Get()
      open(): string {
        return 'who may call this?';
      }
    }
    @Module({ controllers: [UndeclaredController] })
    class ExtraModule {}

    const issuer = await TestIssuer.start();
    try {
      await expect(
        startApp('express', { imports: [AppModule.register(issuer.moduleOptions()), ExtraModule] }),
      ).rejects.toThrow(/\/extra/);
    } finally {
      await issuer.stop();
    }
  });
});
