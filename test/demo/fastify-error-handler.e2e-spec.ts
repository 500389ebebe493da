import request from 'supertest';
import { DemoHarness, expectError } from './demo-harness';

/**
 * The demo's Fastify error handler (`src/infra/startup/fastify-error-handler.ts`): the demo's
 * body for what fails before a Nest handler runs, on REST routes only; Mercurius keeps
 * answering GraphQL's way; and Fastify never warns that a handler was overridden.
 */
describe('demo on Fastify: errors before the handler', () => {
  let demo: DemoHarness;
  let warnings: jest.SpiedFunction<typeof process.emitWarning>;

  beforeAll(async () => {
    // Fastify warns through process.emitWarning; a 'warning' listener here would not see it.
    warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    demo = await DemoHarness.start('fastify');
  });
  afterAll(async () => {
    warnings.mockRestore();
    await demo.stop();
  });

  it('boots without FSTWRN004 (an error handler set twice in one scope)', () => {
    // process-warning calls emitWarning(message, name, code).
    const codes = warnings.mock.calls.map((call) => (call as unknown[])[2]);
    expect(codes).not.toContain('FSTWRN004');
  });

  it('a malformed JSON body on a REST route: the demo’s 400 body', async () => {
    const res = await request(demo.app.getHttpServer())
      .post('/notes')
      .set('Content-Type', 'application/json')
      .set('Authorization', `Bearer ${demo.token('alice')}`)
      .send('{"text":');
    expectError(res, 400, 'BAD_REQUEST');
  });

  it('a malformed JSON body on /graphql: a GraphQL error, as Mercurius answers it', async () => {
    const res = await request(demo.app.getHttpServer())
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .send('{"query":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ data: null, errors: [{ message: expect.any(String) as string }] });
  });
});
