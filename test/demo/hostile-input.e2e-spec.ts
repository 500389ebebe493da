import request from 'supertest';
import { DEMO_MAX_BODY_DEPTH } from '../../src/validation/demo-validation.pipe';
import { PLATFORMS } from '../support/platforms';
import {
  DemoHarness,
  expectError,
  expectInsufficientScope,
  without,
  demoWithLogs,
} from './demo-harness';

/** `{"<key>":[[[...]]]}`: `depth` arrays inside the object (depth + 1 in all). */
const deepArrays = (key: string, depth: number): string =>
  `{"${key}":${'['.repeat(depth)}${']'.repeat(depth)}}`;
/** `{"<key>":{"a":{"a":...1}}}`: `depth` objects inside the object. */
const deepObjects = (key: string, depth: number): string =>
  `{"${key}":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

/** Every demo route that reads a body, as its owner would call it, and where its state shows. */
const WRITES = [
  { method: 'post', path: '/notes', key: 'text', state: '/notes' },
  { method: 'patch', path: '/notes/n1', key: 'text', state: '/notes' },
  { method: 'patch', path: '/users/alice', key: 'name', state: '/users' },
  // DELETE reads no body; a hostile one must not matter either.
  { method: 'delete', path: '/notes/n1', key: 'text', state: '/notes' },
] as const;

const HOSTILE_BODIES = [
  ['1,500 nested arrays', (key: string) => deepArrays(key, 1500)],
  ['3,000 nested objects', (key: string) => deepObjects(key, 3000)],
  [
    `${DEMO_MAX_BODY_DEPTH} nested arrays, one past the bound`,
    (key: string) => deepArrays(key, 32),
  ],
] as const;

describe.each(PLATFORMS)('demo: hostile bodies and media types on %s', (platform) => {
  let demo: DemoHarness;
  const logs = demoWithLogs(platform, (started) => (demo = started));

  const sendRaw = (
    write: (typeof WRITES)[number],
    body: string,
    contentType: string,
    token: string | null = demo.token('alice'),
  ) => {
    let req = request(demo.app.getHttpServer())[write.method](write.path);
    if (token !== null) req = req.set('Authorization', `Bearer ${token}`);
    return req.set('Content-Type', contentType).send(body);
  };

  /** No stack, no RangeError, nothing at error level: a refused body is not a fault. */
  const expectQuietLogs = (): void => {
    const text = logs.texts().join('\n');
    expect(text).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
    expect(logs.lines.filter((line) => line.level === 'error')).toEqual([]);
  };

  describe.each(WRITES)('$method $path', (write) => {
    it.each(HOSTILE_BODIES)('%s: 400, nothing logged, nothing changed', async (_, bodyOf) => {
      const before = await demo.adminRead(write.state);
      const res = await sendRaw(write, bodyOf(write.key), 'application/json');
      expectError(res, 400, 'PORTCULLIS_INVALID_REQUEST');
      expect(res.body.message).toBe('The request body nests deeper than 32 levels.');
      expect(await demo.adminRead(write.state)).toEqual(before);
      expectQuietLogs();
    });

    it('a body exactly at the bound is read (and judged on its content)', async () => {
      const res = await sendRaw(write, deepArrays(write.key, 31), 'application/json');
      // A nested array is no text, name: the validation pipe refuses it, the depth check did not.
      expect(res.status).toBe(write.method === 'delete' ? 204 : 400);
      if (write.method !== 'delete') expectError(res, 400, 'VALIDATION_FAILED');
      expectQuietLogs();
    });
  });

  it('a deep body without a token is 400 as a malformed one is: the body is read first', async () => {
    const res = await sendRaw(WRITES[0], deepArrays('text', 1500), 'application/json', null);
    expectError(res, 400, 'PORTCULLIS_INVALID_REQUEST');
  });

  it('a body that is no JSON at all stays a 400', async () => {
    expectError(await sendRaw(WRITES[1], '{"text":', 'application/json'), 400, 'BAD_REQUEST');
  });

  it('normal bodies still work', async () => {
    const created = await demo.send('post', '/notes', 'alice', { body: { text: 'hello' } });
    expect(created.status).toBe(201);
    const renamed = await demo.send('patch', '/users/alice', 'alice', { body: { name: 'Al' } });
    expect({ status: renamed.status, name: renamed.body.name }).toEqual({
      status: 200,
      name: 'Al',
    });
    const charset = await sendRaw(WRITES[1], '{"text":"new"}', 'application/json; charset=utf-8');
    expect({ status: charset.status, text: charset.body.text }).toEqual({
      status: 200,
      text: 'new',
    });
  });

  describe('a body in another media type: 415, after authentication', () => {
    it.each([
      ['text/plain', (key: string) => `{"${key}":"changed"}`],
      ['application/merge-patch+json', (key: string) => `{"${key}":"changed"}`],
      ['application/x-www-form-urlencoded', (key: string) => `${key}=changed`],
    ])('%s: 415 on every write, nothing changed', async (contentType, bodyOf) => {
      for (const write of WRITES.filter((w) => w.method !== 'delete')) {
        const before = await demo.adminRead(write.state);
        const res = await sendRaw(write, bodyOf(write.key), contentType);
        expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect(await demo.adminRead(write.state)).toEqual(before);
      }
    });

    it('without a token: 401 first', async () => {
      const res = await sendRaw(WRITES[2], '{"name":"x"}', 'application/merge-patch+json', null);
      expectError(res, 401, 'PORTCULLIS_MISSING_TOKEN');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
    });

    it('without the scope: 403 first', async () => {
      const token = demo.token('alice', without('write:notes'));
      expectInsufficientScope(await sendRaw(WRITES[1], 'x', 'text/plain', token), 'write:notes');
    });

    it('a DELETE carrying a text body is 415 too, and deletes nothing', async () => {
      const res = await sendRaw(WRITES[3], 'please', 'text/plain');
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(await demo.adminRead('/notes/n1')).toEqual(expect.objectContaining({ id: 'n1' }));
    });
  });

  describe('headers', () => {
    it.each([
      ['an answer', '/health', undefined],
      ['an error', '/notes/n1', 'bob'],
    ] as const)('%s names no server software', async (_, path, caller) => {
      const res = await demo.send('get', path, caller);
      expect(res.status).not.toBe(500);
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.server).toBeUndefined();
    });
  });
});
