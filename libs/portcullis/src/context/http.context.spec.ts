import type { ExecutionContext, HttpServer } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { PermissionsUnavailableException } from '../errors/portcullis.exceptions';
import type { CallContextHost } from './call-context';
import { httpContext } from './http.context';

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
const host: CallContextHost = { httpAdapter: adapter };
const open = (context: ExecutionContext) => httpContext.open(context, host);

describe('httpContext', () => {
  it.each([
    ['Express', { getType: () => 'express' }, true],
    ['Fastify', { getType: () => 'fastify' }, false],
    ['an adapter without getType', {}, false],
  ])('keeps the call state beside the request on %s only', (_, adapterView, aside) => {
    const { request } = expressRequest('/users/42');
    const call = httpContext.open(contextOf(request), {
      httpAdapter: { ...adapterView, setHeader: jest.fn() } as unknown as HttpServer,
    });
    expect(call.keepsStateAside).toBe(aside);
  });

  it('reads the request as before: method, target, param, credentials, implied action', () => {
    const { request } = expressRequest('/users/42?x=1');
    const call = open(contextOf(request));

    expect(call.holder).toBe(request);
    expect(call.operation).toBe('GET');
    expect(call.target).toBe('GET /users/42');
    expect(call.param('id')).toBe('42');
    expect(call.param('other')).toBeUndefined();
    expect(call.impliedAction).toBe('read');
    expect(call.credentials).toEqual({
      rawHeaders: ['Authorization', 'Bearer abc'],
      query: { x: '1' },
      body: undefined,
    });
  });

  it('does not parse the query of a URL that has none', () => {
    const { request, counter } = expressRequest('/users/42');
    expect(open(contextOf(request)).credentials.query).toBeUndefined();
    expect(counter.reads).toBe(0);
  });

  it('reads a query the URL has, or one set on the request itself', () => {
    const withSearch = expressRequest('/users/42?access_token=abc');
    expect(open(contextOf(withSearch.request)).credentials.query).toEqual({
      access_token: 'abc',
    });

    const { request } = expressRequest('/users/42');
    // As a middleware would (Express 5 only offers a getter, so it has to define it).
    Object.defineProperty(request, 'query', { value: { access_token: 'abc' } });
    expect(open(contextOf(request)).credentials.query).toEqual({
      access_token: 'abc',
    });
  });

  it('delivers a refusal by setting its headers on the response through the adapter', () => {
    const response = {};
    const { request } = expressRequest('/');
    const refusal = new PermissionsUnavailableException(5);
    expect(open(contextOf(request, response)).refuse(refusal, 'api')).toBe(refusal);
    expect(adapter.setHeader).toHaveBeenCalledWith(response, 'Retry-After', '5');
  });

  it('keeps state against the request, where the param decorators find it', () => {
    const { request } = expressRequest('/');
    expect(httpContext.holderOf(contextOf(request))).toBe(request);
  });
});
