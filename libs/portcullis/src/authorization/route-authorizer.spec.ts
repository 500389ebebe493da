import type { LoggerService } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { PortcullisException } from '../errors/portcullis.exceptions';
import { appPolicy, principal } from '../policy/app-policy.fixture';
import { authorizationModule, fakeCall, requirementsWith } from './authorization.fixture';
import { RouteAuthorizer } from './route-authorizer';
import type { RouteRequirements } from './route-requirements';

/** A real logger sink that keeps what was logged, by level. */
class KeptLogs implements LoggerService {
  readonly lines: Array<[string, string]> = [];
  log(message: string): void {
    this.lines.push(['log', message]);
  }
  error(message: string): void {
    this.lines.push(['error', message]);
  }
  warn(message: string): void {
    this.lines.push(['warn', message]);
  }
  debug(message: string): void {
    this.lines.push(['debug', message]);
  }
}

describe('RouteAuthorizer refusals', () => {
  let moduleRef: TestingModule;
  let authorizer: RouteAuthorizer;
  let logs: KeptLogs;

  beforeAll(async () => {
    moduleRef = await authorizationModule({ policy: appPolicy });
    authorizer = moduleRef.get(RouteAuthorizer);
  });

  beforeEach(() => {
    logs = new KeptLogs();
    moduleRef.useLogger(logs);
  });

  afterAll(() => moduleRef.close());

  async function refusal(
    changes: Partial<RouteRequirements>,
    scopes: string[],
    method = 'GET',
    body?: unknown,
  ): Promise<PortcullisException> {
    const caller = principal({ sub: 'alice', scopes });
    const call = fakeCall(method, { id: 'alice' }, body);
    // Refusals may be thrown synchronously or rejected: both are the decision.
    const error = await Promise.resolve()
      .then(() => authorizer.authorize(call, caller, requirementsWith(changes)))
      .catch((e: unknown) => e);
    if (!(error instanceof PortcullisException)) throw new Error('not refused');
    return error;
  }

  it('names the missing scope group, the route needs and the token scopes in the debug log', async () => {
    const error = await refusal({ scopeGroups: [['read:users'], ['admin', 'support']] }, [
      'read:users',
    ]);

    expect(error.responseHeaders('api')).toEqual({
      'WWW-Authenticate':
        'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read:users admin support"',
    });
    expect(logs.lines).toEqual([
      [
        'debug',
        "GET /users/alice refused to user 'alice': scope (admin or support) missing (route needs read:users and (admin or support); token has read:users)",
      ],
    ]);
  });

  it('names the field in the log, never in the answer', async () => {
    const owns = {
      subject: 'User',
      param: 'id',
      action: undefined,
      hide: false,
      fields: 'body' as const,
    };
    const error = await refusal({ owns }, ['write:users'], 'PATCH', { name: 'A', plan: 'pro' });

    expect(error.getResponse()).toEqual({
      statusCode: 403,
      code: 'PORTCULLIS_FORBIDDEN',
      message: 'You are not allowed to perform this operation.',
    });
    expect(logs.lines).toEqual([
      [
        'debug',
        "PATCH /users/alice refused to user 'alice': @Owns('User'): no rule grants 'update' on 'User' field 'plan': not this field",
      ],
    ]);
  });

  it('names the rule a @Can refusal lacked', async () => {
    await refusal({ can: [{ action: 'delete', subject: 'User' }] }, ['delete:users']);

    expect(logs.lines).toEqual([
      [
        'debug',
        "GET /users/alice refused to user 'alice': @Can: no rule grants 'delete' on 'User'",
      ],
    ]);
  });
});
