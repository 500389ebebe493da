import type { ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import {
  InsufficientScopeException,
  KeysUnavailableException,
  MissingTokenException,
  ResourceNotFoundException,
} from '../errors/portcullis.exceptions';
import { PORTCULLIS_CONNECTION } from './graphql-connection';
import { graphqlContext } from './graphql.context';
import { PortcullisGraphQLError } from './graphql-refusal';

const host = { httpAdapter: {} as never };

/** Nest's execution context of one field resolution: `[root, args, context, info]`. */
function fieldOf(operation: string, args: object, ctx: object, root = true): ExecutionContext {
  const info = {
    fieldName: 'user',
    parentType: { name: root ? 'Query' : 'User' },
    operation: { operation },
    path: { prev: root ? undefined : { key: 'user' } },
  };
  const context = new ExecutionContextHost([{}, args, ctx, info]);
  context.setType('graphql');
  return context;
}

describe('graphqlContext', () => {
  it('reads arguments as params and inputs, and the action from the operation', () => {
    const call = graphqlContext.open(fieldOf('mutation', { id: 42, input: { a: 1 } }, {}), host);
    expect([call.param('id'), call.param('nope'), call.input('input')]).toEqual([
      '42',
      undefined,
      { a: 1 },
    ]);
    expect([call.impliedAction, call.target]).toEqual(['update', 'mutation Query.user']);
    expect(graphqlContext.open(fieldOf('query', {}, {}), host).impliedAction).toBe('read');
    // A field resolver reads, whatever the operation.
    expect(graphqlContext.open(fieldOf('mutation', {}, {}, false), host).impliedAction).toBe(
      'read',
    );
  });

  it('keeps state per field occurrence (the info object), not per operation', () => {
    const ctx = {};
    const a = fieldOf('query', {}, ctx);
    const b = fieldOf('query', {}, ctx);
    expect(graphqlContext.holderOf(a)).not.toBe(graphqlContext.holderOf(b));
    expect(graphqlContext.open(a, host).holder).toBe(graphqlContext.holderOf(a));
  });

  it('reads credentials from the request, never for a subscription', () => {
    const req = { rawHeaders: ['Authorization', 'Bearer x'] };
    expect(graphqlContext.open(fieldOf('query', {}, { req }), host).credentials.rawHeaders).toEqual(
      req.rawHeaders,
    );
    const subscription = graphqlContext.open(fieldOf('subscription', {}, { req }), host);
    expect(subscription.credentials.rawHeaders).toEqual([]);
    // A subscription without a settled connection is refused, whatever its headers say.
    expect(() => subscription.settledPrincipal).toThrow(MissingTokenException);
  });

  it('takes a subscription principal from the connection, and refuses an expired one', () => {
    const principal = { sub: 'ada', expiresAt: Date.now() / 1000 + 60 };
    const ctx = { [PORTCULLIS_CONNECTION]: { principal } };
    expect(graphqlContext.open(fieldOf('subscription', {}, ctx), host).settledPrincipal).toBe(
      principal,
    );
    const expired = { [PORTCULLIS_CONNECTION]: { principal: { ...principal, expiresAt: 1 } } };
    const call = graphqlContext.open(fieldOf('subscription', {}, expired), host);
    expect(() => call.settledPrincipal).toThrow('The token has expired');
  });

  it('delivers refusals as GraphQL errors with our code in extensions', () => {
    const call = graphqlContext.open(fieldOf('query', {}, {}), host);
    const cases = [
      [
        new MissingTokenException(),
        { code: 'UNAUTHENTICATED', portcullis: 'PORTCULLIS_MISSING_TOKEN' },
      ],
      [
        new InsufficientScopeException(['a', 'b']),
        { code: 'FORBIDDEN', portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE', scope: 'a b' },
      ],
      [new ResourceNotFoundException(), { code: 'NOT_FOUND', portcullis: 'PORTCULLIS_NOT_FOUND' }],
      [
        new KeysUnavailableException(7),
        { code: 'SERVICE_UNAVAILABLE', portcullis: 'PORTCULLIS_KEYS_UNAVAILABLE', retryAfter: 7 },
      ],
    ] as const;
    for (const [error, extensions] of cases) {
      const refusal = call.refuse(error, 'api') as PortcullisGraphQLError;
      expect(refusal).toBeInstanceOf(PortcullisGraphQLError);
      expect(refusal.extensions).toEqual(extensions);
      expect(refusal.message).not.toMatch(/\.$/);
    }
    const other = new Error('app');
    expect(call.refuse(other, 'api')).toBe(other);
  });
});
