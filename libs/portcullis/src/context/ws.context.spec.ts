import type { ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import {
  InsufficientScopeException,
  KeysUnavailableException,
  MissingTokenException,
} from '../errors/portcullis.exceptions';
import type { Principal } from '../principal/principal';
import { callStateFor } from './call-contexts';
import { ensureCallState } from './call-state';
import { registerWsException, settleConnection } from './ws-connection';
import { wsContext } from './ws.context';

const host = { httpAdapter: {} as never };

/** Nest's arguments of one gateway message: `[client, data, ack or event, pattern]`. */
function messageOf(client: object, data: unknown, third?: unknown): ExecutionContext {
  const context = new ExecutionContextHost([client, data, third, 'note:get']);
  context.setType('ws');
  return context;
}

const principalOf = (expiresIn: number) =>
  ({ sub: 'ada', expiresAt: Date.now() / 1000 + expiresIn }) as unknown as Principal;

describe('wsContext', () => {
  it('reads ids and inputs from the payload own fields only', () => {
    const payload = JSON.parse(
      '{"id":42,"noteId":"n1","changes":{"text":"x"},"__proto__":{"a":1}}',
    );
    const call = wsContext.open(messageOf({}, payload), host);
    expect([
      call.param('id'),
      call.param('noteId'),
      call.param('a'),
      call.param('toString'),
    ]).toEqual(['42', 'n1', undefined, undefined]);
    expect(call.input('changes', 'input')).toEqual({ text: 'x' });
    expect(call.input('input', 'body')).toBe(payload);
    // Nothing to check is not taken as nothing refused: a symbol, which @Owns refuses.
    expect(typeof call.input('missing', 'input')).toBe('symbol');
    expect(typeof wsContext.open(messageOf({}, 'text'), host).input('input', 'body')).toBe(
      'symbol',
    );
    expect([call.operation, call.impliedAction, call.target]).toEqual([
      'MESSAGE',
      undefined,
      'MESSAGE note:get',
    ]);
    // A payload that is not an object carries no id.
    expect(wsContext.open(messageOf({}, 'n1'), host).param('id')).toBeUndefined();
    expect(wsContext.open(messageOf({}, ['n1']), host).param('0')).toBeUndefined();
  });

  it('takes the caller from the connection, never from the message, and refuses an expired one', () => {
    const client = {};
    const principal = principalOf(60);
    const message = { authorization: 'Bearer forged', sub: 'mallory' };
    expect(() => wsContext.open(messageOf(client, message), host).settledPrincipal).toThrow(
      MissingTokenException,
    );
    settleConnection(client, { principal, abilityOf: () => Promise.reject(new Error('unused')) });
    const call = wsContext.open(messageOf(client, message), host);
    expect(call.settledPrincipal).toBe(principal);
    expect(call.credentials).toEqual({ rawHeaders: [], query: undefined, body: undefined });

    settleConnection(client, {
      principal: principalOf(-1),
      abilityOf: () => Promise.reject(new Error()),
    });
    expect(() => wsContext.open(messageOf(client, {}), host).settledPrincipal).toThrow(
      'The token has expired',
    );
  });

  it('keeps state per message payload, or per socket for a payload that is not an object', () => {
    const client = {};
    const payload = { id: 'n1' };
    const state = ensureCallState(wsContext.open(messageOf(client, payload), host).holder);
    expect(callStateFor(messageOf(client, payload))).toBe(state);
    expect(callStateFor(messageOf(client, { id: 'n1' }))).toBeUndefined();
    expect(wsContext.holderOf(messageOf(client, 'text'))).toBe(client);
  });

  it('answers the ack with { error } and throws the registered WsException of the body', () => {
    class FakeWsException extends Error {
      constructor(readonly body: unknown) {
        super('ws');
      }
    }
    registerWsException((body) => new FakeWsException(body));
    const ack = jest.fn();
    const refusal = wsContext
      .open(messageOf({}, {}, ack), host)
      .refuse(new InsufficientScopeException(['read:notes']), 'api');
    const body = {
      status: 403,
      code: 'PORTCULLIS_INSUFFICIENT_SCOPE',
      message: 'The access token does not carry the scopes this operation needs.',
    };
    expect(ack.mock.calls).toEqual([[{ error: body }]]);
    expect((refusal as FakeWsException).body).toEqual(body);

    // ws passes the event name where socket.io passes the ack: nothing is called.
    const keys = wsContext
      .open(messageOf({}, {}, 'note:get'), host)
      .refuse(new KeysUnavailableException(5), 'api');
    expect((keys as FakeWsException).body).toEqual(
      expect.objectContaining({ status: 503, code: 'PORTCULLIS_KEYS_UNAVAILABLE', retryAfter: 5 }),
    );
    const other = new Error('app');
    expect(wsContext.open(messageOf({}, {}, ack), host).refuse(other, 'api')).toBe(other);
  });
});
