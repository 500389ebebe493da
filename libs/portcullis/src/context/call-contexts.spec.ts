import { Logger, type ExecutionContext, type HttpServer } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { AccessDeniedException } from '../errors/portcullis.exceptions';
import { callStateFor, openCallContext } from './call-contexts';
import { ensureCallState } from './call-state';

const host = { httpAdapter: { setHeader: jest.fn() } as unknown as HttpServer };

function contextOf(type: string, args: unknown[] = [{}, {}]): ExecutionContext {
  const context = new ExecutionContextHost(args);
  context.setType(type);
  return context;
}

describe('the table of call contexts', () => {
  afterEach(() => jest.restoreAllMocks());

  it('opens an HTTP call on the request, and finds the state kept against it', () => {
    const request = { method: 'GET', url: '/notes/1', params: { id: '1' } };
    const call = openCallContext(contextOf('http', [request, {}]), host);
    expect([call.holder, call.target, call.param('id')]).toEqual([request, 'GET /notes/1', '1']);

    const state = ensureCallState(call.holder);
    expect(callStateFor(contextOf('http', [request, {}]))).toBe(state);
    expect(callStateFor(contextOf('http', [{}, {}]))).toBeUndefined();
  });

  it('refuses a kind of context it has no row for (403), and says so once per kind', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    for (let i = 0; i < 3; i++) {
      expect(() => openCallContext(contextOf('smoke-signal'), host)).toThrow(AccessDeniedException);
    }
    expect(() => openCallContext(contextOf('carrier-pigeon'), host)).toThrow(AccessDeniedException);
    expect(warn.mock.calls).toEqual([
      ['No access token can be read in a smoke-signal context: denied'],
      ['No access token can be read in a carrier-pigeon context: denied'],
    ]);
    // Param decorators in such a context find nothing (the guard refused the call anyway).
    expect(callStateFor(contextOf('smoke-signal'))).toBeUndefined();
  });
});
