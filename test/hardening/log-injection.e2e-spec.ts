import { Controller, Get, Param } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Public } from 'nest-portcullis';
import { TestIssuer } from 'nest-portcullis/testing';
import request from 'supertest';
import { ErrorBodyFilter } from '../../src/errors/error-body.filter';
import { DemoHarness, expectError, without, demoWithLogs } from '../demo/demo-harness';
import { PLATFORMS, startApp } from '../support/platforms';
import { CollectingLogger } from '../support/collecting-logger';

/** A handler with a bug that puts what the caller sent into its error's message. */
@Controller('echo-fault')
class EchoFaultController {
  @Public()
  @Get(':value')
  fail(@Param('value') value: string): never {
    throw new Error(`cannot handle '${value}'`);
  }
}

/** CR, LF, the Unicode line separator and a bidi override: each could forge or hide a line. */
const RAW_BREAKS = /[\r\n\u2028\u202e]/;

describe.each(PLATFORMS)('log lines carry request values escaped, on %s', (platform) => {
  let demo: DemoHarness;
  const logs = demoWithLogs(platform, (started) => (demo = started));

  const server = () => demo.app.getHttpServer();
  const tokenOf = (sub: string, scope: string): string =>
    demo.issuer.mintAccessToken({ sub, scope });

  /** The refusal was logged, with `escaped` in it, and no line holds a raw break. */
  const expectEscaped = (escaped: string): void => {
    const texts = logs.texts();
    expect(texts.some((text) => text.includes(escaped))).toBe(true);
    for (const text of texts) expect(text).not.toMatch(RAW_BREAKS);
  };

  it('a route param with CR LF (GET /users/bob%0d%0aINJECTED, not the caller): 404, escaped', async () => {
    const res = await request(server())
      .get('/users/bob%0d%0aINJECTED')
      .set('Authorization', `Bearer ${demo.token('alice')}`);
    expectError(res, 404, 'PORTCULLIS_NOT_FOUND');
    expectEscaped(String.raw`found no 'bob\r\nINJECTED'`);
  });

  it('a sub with CR LF, lacking the scope: 403, escaped', async () => {
    const token = tokenOf('eve\r\n[Portcullis] DEBUG granted', without('write:notes').join(' '));
    const res = await request(server())
      .post('/notes')
      .set('Authorization', `Bearer ${token}`)
      .send({ text: 'x' });
    expectError(res, 403, 'PORTCULLIS_INSUFFICIENT_SCOPE');
    expectEscaped(String.raw`'eve\r\n[Portcullis] DEBUG granted': scope write:notes missing`);
    expect(await demo.adminRead('/notes')).toHaveLength(2);
  });

  it('a sub with a line separator and a bidi override, on a record not theirs: 403, escaped', async () => {
    const token = tokenOf('eve\u2028x\u202e', 'read:users');
    const res = await request(server()).get('/users/alice').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expectEscaped(String.raw`'eve\u2028x\u202e'`);
  });

  it('a body key with CR LF on a fields: body route: 403, escaped, nothing changed', async () => {
    const before = await demo.adminRead('/users/alice');
    const res = await request(server())
      .patch('/users/alice')
      .set('Authorization', `Bearer ${demo.token('alice')}`)
      .send({ 'plan\r\nINJECTED': 'pro' });
    expectError(res, 403, 'PORTCULLIS_FORBIDDEN');
    expectEscaped(String.raw`field 'plan\r\nINJECTED'`);
    expect(await demo.adminRead('/users/alice')).toEqual(before);
  });
});

describe.each(PLATFORMS)("the demo's 500 line, on %s", (platform) => {
  it('escapes the message, keeps the stack frames, answers a generic body', async () => {
    const issuer = await TestIssuer.start();
    const app = await startApp(platform, {
      imports: [issuer.module()],
      controllers: [EchoFaultController],
      providers: [{ provide: APP_FILTER, useClass: ErrorBodyFilter }],
    });
    const logs = new CollectingLogger();
    app.useLogger(logs);
    try {
      const res = await request(app.getHttpServer()).get('/echo-fault/x%0d%0a%5BDemo%5D%20ok');
      expectError(res, 500, 'INTERNAL_SERVER_ERROR');
      const errors = logs.lines.filter((line) => line.level === 'error');
      expect(errors).toHaveLength(1);
      const [first, ...frames] = errors[0].text.split('\n');
      expect(first).toBe(String.raw`Error: cannot handle 'x\r\n[Demo] ok'`);
      expect(frames[0]).toMatch(/^\s+at /);
    } finally {
      await app.close();
      await issuer.stop();
    }
  });
});
