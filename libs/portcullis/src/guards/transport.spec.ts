import type { ExecutionContext, HttpServer } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { httpTransport } from './transport';

/** An Express-like request whose `query` is a getter that counts its reads, as in Express 5. */
function expressRequest(url: string) {
  const counter = { reads: 0 };
  const proto = {
    get query(): Record<string, string> {
      counter.reads++;
      const search = new URLSearchParams(url.split('?')[1] ?? '');
      return Object.fromEntries(search);
    },
  };
  const request = Object.assign(Object.create(proto) as Record<string, unknown>, {
    method: 'get',
    url,
    rawHeaders: ['Authorization', 'Bearer abc'],
    params: { id: '42' },
  });
  return { request, counter };
}

/** Nest's own execution context of an HTTP request, as the guard receives it. */
function contextOf(request: object, response: object = {}): ExecutionContext {
  return new ExecutionContextHost([request, response, () => undefined]);
}

const adapter = { setHeader: jest.fn() } as unknown as HttpServer;

describe('httpTransport', () => {
  it('reads the request as before: method, target, param, bearer view', () => {
    const { request } = expressRequest('/users/42?x=1');
    const transport = httpTransport(contextOf(request), adapter);

    expect(transport.request).toBe(request);
    expect(transport.method).toBe('GET');
    expect(transport.target).toBe('GET /users/42');
    expect(transport.param('id')).toBe('42');
    expect(transport.param('other')).toBeUndefined();
    expect(transport.bearer).toEqual({
      rawHeaders: ['Authorization', 'Bearer abc'],
      query: { x: '1' },
      body: undefined,
    });
  });

  it('does not parse the query of a URL that has none', () => {
    const { request, counter } = expressRequest('/users/42');
    expect(httpTransport(contextOf(request), adapter).bearer.query).toBeUndefined();
    expect(counter.reads).toBe(0);
  });

  it('reads a query the URL has, or one set on the request itself', () => {
    const withSearch = expressRequest('/users/42?access_token=abc');
    expect(httpTransport(contextOf(withSearch.request), adapter).bearer.query).toEqual({
      access_token: 'abc',
    });

    const { request } = expressRequest('/users/42');
    // As a middleware would (Express 5 only offers a getter, so it has to define it).
    Object.defineProperty(request, 'query', { value: { access_token: 'abc' } });
    expect(httpTransport(contextOf(request), adapter).bearer.query).toEqual({
      access_token: 'abc',
    });
  });

  it('sets headers on the response through the adapter', () => {
    const response = {};
    const { request } = expressRequest('/');
    httpTransport(contextOf(request, response), adapter).setHeader('Retry-After', '5');
    expect(adapter.setHeader).toHaveBeenCalledWith(response, 'Retry-After', '5');
  });
});
