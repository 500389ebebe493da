import { openApiPath } from './openapi-path';

describe('openApiPath', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['/api/v1/users', '/api/v1/users'],
    ['/users/:id', '/users/{id}'],
    ['/users/:userId/notes/:noteId', '/users/{userId}/notes/{noteId}'],
    ['/files/*path', '/files/{path}'],
    ['/a{/:b}', '/a/{b}'],
    ['/users/:id.json', '/users/{id}.json'],
    ['/price/\\:amount', '/price/:amount'],
    ['/q/:"quoted name"', '/q/{quoted name}'],
    ['users', '/users'],
  ])('%s is keyed %s', (nestPath, key) => {
    expect(openApiPath(nestPath)).toBe(key);
  });
});
