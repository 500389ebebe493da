import { PLATFORMS } from '../support/platforms';
import { DemoHarness, expectError, expectInsufficientScope, without } from './demo-harness';

const N1 = { id: 'n1', ownerId: 'alice', text: 'Buy milk' };
const N2 = { id: 'n2', ownerId: 'bob', text: 'Call the bank' };

describe.each(PLATFORMS)('demo notes on %s', (platform) => {
  let demo: DemoHarness;

  beforeAll(async () => {
    demo = await DemoHarness.start(platform);
  });
  afterAll(() => demo.stop());
  beforeEach(() => demo.reset());

  describe('GET /notes (read:notes): only the notes the caller may read', () => {
    it.each([
      ['alice sees hers', 'alice', [N1]],
      ['bob sees his', 'bob', [N2]],
      ['carol (admin) sees all', 'carol', [N1, N2]],
      ['support sees all', 'sam', [N1, N2]],
      ['the read:users permission does not reach notes', 'bobReader', [N2]],
      ['a client owns none', 'service', []],
    ] as const)('%s', async (_, caller, notes) => {
      const res = await demo.send('get', '/notes', caller);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(notes);
    });

    it.each(['alice', 'carol'] as const)(
      '%s without read:notes: 403 insufficient_scope',
      async (caller) => {
        expectInsufficientScope(
          await demo.send('get', '/notes', caller, { scopes: without('read:notes') }),
          'read:notes',
        );
      },
    );
  });

  describe('POST /notes (write:notes)', () => {
    it('a user creates a note: 201, owned by them, then readable', async () => {
      const res = await demo.send('post', '/notes', 'bob', { body: { text: 'hello' } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: 'n3', ownerId: 'bob', text: 'hello' });
      expect(await demo.adminRead('/notes/n3')).toEqual(res.body);
    });

    it('the owner is the caller, whatever the body says', async () => {
      const res = await demo.send('post', '/notes', 'alice', {
        body: { text: 'mine', ownerId: 'bob' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: 'n3', ownerId: 'alice', text: 'mine' });
    });

    it('an admin creates notes of their own too', async () => {
      const res = await demo.send('post', '/notes', 'carol', {
        body: { text: 'x', ownerId: 'bob' },
      });
      expect(res.body).toEqual({ id: 'n3', ownerId: 'carol', text: 'x' });
    });

    it('a client (it owns nothing): 403, nothing created', async () => {
      const res = await demo.send('post', '/notes', 'service', { body: { text: 'spam' } });
      expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
      expect(await demo.adminRead('/notes')).toEqual([N1, N2]);
    });

    it.each(['alice', 'carol'] as const)(
      '%s without write:notes: 403 insufficient_scope, nothing created',
      async (caller) => {
        const res = await demo.send('post', '/notes', caller, {
          body: { text: 'x' },
          scopes: without('write:notes'),
        });
        expectInsufficientScope(res, 'write:notes');
        expect(await demo.adminRead('/notes')).toEqual([N1, N2]);
      },
    );

    it.each([
      ['no text', {}],
      ['a text that is not a string', { text: 5 }],
      ['an empty text', { text: '' }],
      ['an unknown field', { text: 'x', pinned: true }],
      ['an ownerId that is not a string', { text: 'x', ownerId: 7 }],
    ])('a malformed body (%s): 400, nothing created', async (_, body) => {
      const res = await demo.send('post', '/notes', 'alice', { body });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(await demo.adminRead('/notes')).toEqual([N1, N2]);
    });
  });

  describe('GET /notes/:id (read:notes)', () => {
    it.each([
      ['the owner', 'alice', 'n1', N1],
      ['support', 'sam', 'n2', N2],
      ['admin', 'carol', 'n1', N1],
    ] as const)('%s may: 200 and the note', async (_, caller, id, note) => {
      const res = await demo.send('get', `/notes/${id}`, caller);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(note);
    });

    it.each([
      ['another user', 'alice', 'n2'],
      ['the read:users permission', 'bobReader', 'n1'],
      ['a client', 'service', 'n1'],
    ] as const)('%s: 403', async (_, caller, id) => {
      expectError(await demo.send('get', `/notes/${id}`, caller), 403, 'PORTCULLIS_FORBIDDEN');
    });

    it.each(['carol', 'sam', 'alice'] as const)(
      'a note that does not exist: 404 for %s',
      async (caller) => {
        expectError(await demo.send('get', '/notes/n99', caller), 404, 'PORTCULLIS_NOT_FOUND');
      },
    );

    it.each([
      ['the owner', 'alice', 'n1'],
      ['an admin', 'carol', 'n2'],
    ] as const)('without read:notes, %s: 403 insufficient_scope', async (_, caller, id) => {
      expectInsufficientScope(
        await demo.send('get', `/notes/${id}`, caller, { scopes: without('read:notes') }),
        'read:notes',
      );
    });
  });

  describe('PATCH /notes/:id (write:notes)', () => {
    it.each([
      ['the owner', 'alice', 'n1'],
      ['an admin', 'carol', 'n2'],
    ] as const)('%s changes the text: 200, stored', async (_, caller, id) => {
      const res = await demo.send('patch', `/notes/${id}`, caller, { body: { text: 'changed' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, text: 'changed' });
      expect(await demo.adminRead(`/notes/${id}`)).toEqual(res.body);
    });

    it.each([
      ['another user', 'alice', 'n2'],
      ['support (reads, never writes)', 'sam', 'n1'],
      ['a client', 'service', 'n1'],
    ] as const)('%s: 403, nothing changes', async (_, caller, id) => {
      const before = await demo.adminRead(`/notes/${id}`);
      const res = await demo.send('patch', `/notes/${id}`, caller, { body: { text: 'hacked' } });
      expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
      expect(await demo.adminRead(`/notes/${id}`)).toEqual(before);
    });

    it.each([
      ['the owner', 'alice', 'n1'],
      ['an admin', 'carol', 'n2'],
    ] as const)(
      'without write:notes, %s: 403 insufficient_scope, nothing changes',
      async (_, caller, id) => {
        const before = await demo.adminRead(`/notes/${id}`);
        const res = await demo.send('patch', `/notes/${id}`, caller, {
          body: { text: 'changed' },
          scopes: without('write:notes'),
        });
        expectInsufficientScope(res, 'write:notes');
        expect(await demo.adminRead(`/notes/${id}`)).toEqual(before);
      },
    );

    it('a note that does not exist: 404 for an admin', async () => {
      const res = await demo.send('patch', '/notes/n99', 'carol', { body: { text: 'x' } });
      expectError(res, 404, 'PORTCULLIS_NOT_FOUND');
    });

    it.each([
      ['a new owner (ownership never changes)', { text: 'x', ownerId: 'bob' }],
      ['a text that is not a string', { text: 1 }],
      ['no text', {}],
    ])('a malformed body (%s): 400, nothing changes', async (_, body) => {
      const res = await demo.send('patch', '/notes/n1', 'alice', { body });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(await demo.adminRead('/notes/n1')).toEqual(N1);
    });
  });

  describe('DELETE /notes/:id (write:notes)', () => {
    it.each([
      ['the owner', 'alice', 'n1'],
      ['an admin', 'carol', 'n2'],
    ] as const)('%s deletes: 204 without a body, then 404', async (_, caller, id) => {
      const res = await demo.send('delete', `/notes/${id}`, caller);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(await demo.adminRead(`/notes/${id}`)).toBe(404);
    });

    it.each([
      ['another user', 'alice', 'n2'],
      ['support', 'sam', 'n1'],
      ['a client', 'service', 'n1'],
    ] as const)('%s: 403, the note stays', async (_, caller, id) => {
      const before = await demo.adminRead(`/notes/${id}`);
      expectError(await demo.send('delete', `/notes/${id}`, caller), 403, 'PORTCULLIS_FORBIDDEN');
      expect(await demo.adminRead(`/notes/${id}`)).toEqual(before);
    });

    it.each([
      ['the owner', 'alice', 'n1'],
      ['an admin', 'carol', 'n2'],
    ] as const)(
      'without write:notes, %s: 403 insufficient_scope, the note stays',
      async (_, caller, id) => {
        const before = await demo.adminRead(`/notes/${id}`);
        const res = await demo.send('delete', `/notes/${id}`, caller, {
          scopes: without('write:notes'),
        });
        expectInsufficientScope(res, 'write:notes');
        expect(await demo.adminRead(`/notes/${id}`)).toEqual(before);
      },
    );

    it('a note that does not exist: 404 for an admin', async () => {
      expectError(await demo.send('delete', '/notes/n99', 'carol'), 404, 'PORTCULLIS_NOT_FOUND');
    });
  });
});
