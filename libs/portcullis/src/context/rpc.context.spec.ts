import { Metadata } from '@grpc/grpc-js';
import { Logger, type ExecutionContext } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import {
  InvalidRequestException,
  MissingTokenException,
  type PortcullisException,
} from '../errors/portcullis.exceptions';
import { extractBearerToken } from '../token/bearer-extractor';
import { DroppedEventException, deliverRpcRefusalsWith } from './rpc-refusal';
import { rpcContext } from './rpc.context';

const host = { httpAdapter: {} as never };

/** A handler as @MessagePattern / @EventPattern / @GrpcMethod leave it (their metadata keys). */
function handlerOf(pattern: unknown, type: 1 | 2 = 1): () => void {
  const handler = () => undefined;
  Reflect.defineMetadata('microservices:pattern', [pattern], handler);
  Reflect.defineMetadata('microservices:handler_type', type, handler);
  return handler;
}

/** Nest's execution context of one message: `[payload, transportContext]` or gRPC's three. */
function messageOf(args: unknown[], handler = handlerOf('notes.get')): ExecutionContext {
  const context = new ExecutionContextHost(args, undefined, handler);
  context.setType('rpc');
  return context;
}

const open = (args: unknown[], handler?: () => void) =>
  rpcContext.open(messageOf(args, handler), host);

describe('rpcContext over TCP: the token in the payload', () => {
  it('reads the authorization field, and takes it out of the payload the handler gets', () => {
    const payload = { id: 'n1', authorization: 'Bearer abc' };
    const call = open([payload, {}]);
    expect(call.credentials.rawHeaders).toEqual(['authorization', 'Bearer abc']);
    expect(extractBearerToken(call.credentials)).toBe('abc');
    expect(payload).toEqual({ id: 'n1' });
  });

  it.each<[string, unknown]>([
    ['no field', { id: 'n1' }],
    ['an array', [{ authorization: 'Bearer abc' }]],
    ['a string', 'Bearer abc'],
    ['null', null],
    ['nothing', undefined],
    ['the field under __proto__', JSON.parse('{"__proto__":{"authorization":"Bearer abc"}}')],
  ])('%s: no credentials (401)', (_, payload) => {
    const call = open([payload, {}]);
    expect(() => extractBearerToken(call.credentials)).toThrow(MissingTokenException);
  });

  it.each<[string, unknown, string]>([
    ['a number', 42, 'The authorization field must be text'],
    ['an object', { toString: 'Bearer abc' }, 'The authorization field must be text'],
    ['an array', ['Bearer abc'], 'The authorization field must be text'],
    ['8193 characters', `Bearer ${'a'.repeat(8186)}`, 'The authorization field is too long'],
  ])('a field that is %s: 400, and it is removed all the same', (_, value, message) => {
    const payload = { authorization: value };
    const call = open([payload, {}]);
    expect(() => call.credentials).toThrow(new InvalidRequestException(message));
    expect(payload).toEqual({});
  });

  it('reads ids from the payload: text or a finite number, nothing else', () => {
    const call = open([{ id: 7, a: 'x', b: { $ne: 1 }, c: Infinity, d: ['x'] }, {}]);
    expect(['id', 'a', 'b', 'c', 'd', 'toString'].map((name) => call.param(name))).toEqual([
      '7',
      'x',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(open([['x'], {}]).param('0')).toBeUndefined();
  });

  it("fields: 'input' reads the named object; a payload without it has no object to pass", () => {
    const input = { title: 't' };
    const call = open([{ id: 'n1', input }, {}]);
    expect(call.input('input')).toBe(input);
    expect(typeof call.input('other')).toBe('symbol');
    expect(typeof open([[input], {}]).input('input')).toBe('symbol');
    const payload = { id: 'n1', title: 't' };
    expect(open([payload, {}]).input('input', 'body')).toBe(payload);
  });

  it('keeps state against the transport context (one per message), else the payload', () => {
    const transport = {};
    const payload = { id: 'n1' };
    expect(open([payload, transport]).holder).toBe(transport);
    expect(rpcContext.holderOf(messageOf([payload, transport]))).toBe(transport);
    expect(rpcContext.holderOf(messageOf([payload, undefined]))).toBe(payload);
    expect(typeof rpcContext.holderOf(messageOf(['text', undefined]))).toBe('object');
  });

  it('names the call by its pattern; a message implies no @Owns action', () => {
    const call = open([{}, {}], handlerOf({ cmd: 'get' }));
    expect([call.target, call.operation, call.impliedAction]).toEqual([
      'MESSAGE {"cmd":"get"}',
      'MESSAGE',
      undefined,
    ]);
    expect(open([{}, {}], handlerOf('notes.archive', 2)).target).toBe('EVENT notes.archive');
  });
});

describe('rpcContext over gRPC: the token in the metadata', () => {
  const grpcCall = (metadata: Metadata) =>
    open([{ id: 'n1' }, metadata, {}], handlerOf({ service: 'Notes', rpc: 'Get' }));

  it('reads the authorization metadata; two values are refused as two headers are', () => {
    const metadata = new Metadata();
    metadata.set('authorization', 'Bearer abc');
    const call = grpcCall(metadata);
    expect(extractBearerToken(call.credentials)).toBe('abc');
    expect([call.target, call.holder]).toEqual(['GRPC Notes.Get', metadata]);
    metadata.add('authorization', 'Bearer def');
    expect(() => extractBearerToken(grpcCall(metadata).credentials)).toThrow(
      new InvalidRequestException('More than one Authorization header'),
    );
  });

  it('a payload authorization field is not read over gRPC (the metadata is the only source)', () => {
    const call = open([{ authorization: 'Bearer abc' }, new Metadata(), {}]);
    expect(() => extractBearerToken(call.credentials)).toThrow(MissingTokenException);
  });

  it('a binary or broken metadata value: 400', () => {
    const binary = { get: () => [Buffer.from('Bearer abc')], set() {}, getMap: () => ({}) };
    expect(() => open([{}, binary, {}]).credentials).toThrow(
      new InvalidRequestException('The authorization metadata must be text'),
    );
    const broken = {
      get: () => {
        throw new Error('boom');
      },
      set() {},
      getMap: () => ({}),
    };
    expect(() => open([{}, broken, {}]).credentials).toThrow(InvalidRequestException);
  });
});

describe('rpcContext refusals', () => {
  afterEach(() => jest.restoreAllMocks());

  it('drops a refused event, and says why in the log (escaped)', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const refusal = new MissingTokenException();
    const dropped = open([{}, {}], handlerOf('notes\narchive', 2)).refuse(refusal, 'api');
    expect(dropped).toBeInstanceOf(DroppedEventException);
    expect((dropped as DroppedEventException).refusal).toBe(refusal);
    expect(warn).toHaveBeenCalledWith(
      'EVENT notes\\narchive dropped: PORTCULLIS_MISSING_TOKEN (An access token is required.)',
    );
  });

  it('hands a message refusal to the delivery the microservices subpath sets; other errors pass', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const refusal = new MissingTokenException();
    // None set yet: the refusal as it is, and one warning naming the module.
    expect(open([{}, {}]).refuse(refusal, 'api')).toBe(refusal);
    expect(open([{}, {}]).refuse(refusal, 'api')).toBe(refusal);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('PortcullisMicroservicesModule');

    const seen: [PortcullisException, unknown][] = [];
    deliverRpcRefusalsWith((error, target) => seen.push([error, target.grpcMetadata]));
    const metadata = new Metadata();
    open([{}, metadata, {}]).refuse(refusal, 'api');
    expect(seen).toEqual([[refusal, metadata]]);
    const other = new Error('a loader failed');
    expect(open([{}, {}]).refuse(other, 'api')).toBe(other);
  });
});
