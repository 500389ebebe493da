import type { TestingModule } from '@nestjs/testing';
import type { OwnsRequirement } from '../decorators/owns.decorator';
import { PortcullisException } from '../errors/portcullis.exceptions';
import { appPolicy, principal } from '../policy/app-policy.fixture';
import type { Principal } from '../principal/principal';
import {
  authorizationModule,
  fakeCall,
  FixtureUsersLoader,
  requirementsWith,
} from './authorization.fixture';
import { callStateOf } from '../context/call-state';
import { RouteAuthorizer } from './route-authorizer';
import type { RouteRequirements } from './route-requirements';

// The decision of an `@Scopes(scope) @Owns('User', { hide })` route, for every combination of
// caller x scope held x record x method x hide, against an oracle written from the policy
// (app-policy.fixture.ts) by hand. The policy engine's own truth table covers the ability.

// clientAdmin: a client-credentials token whose sub is alice's id and that carries the role
// admin. Roles reach users only and the user rules never reach a client: it is a plain client.
type Caller = 'owner' | 'admin' | 'client' | 'clientAdmin';
type Method = 'GET' | 'PATCH' | 'DELETE';
type RecordKind = 'own' | 'other' | 'missing';

const SCOPE_OF: Record<Method, string> = {
  GET: 'read:users',
  PATCH: 'write:users',
  DELETE: 'delete:users',
};
const ACTION_OF: Record<Method, 'read' | 'update' | 'delete'> = {
  GET: 'read',
  PATCH: 'update',
  DELETE: 'delete',
};

function callerOf(caller: Caller, scopes: string[]): Principal {
  if (caller === 'client') return principal({ kind: 'client', sub: 'billing-app', scopes });
  if (caller === 'clientAdmin') {
    return principal({ kind: 'client', sub: 'alice', roles: ['admin'], scopes });
  }
  if (caller === 'admin') return principal({ sub: 'root', roles: ['admin'], scopes });
  return principal({ sub: 'alice', scopes });
}

/** What the policy lets each caller do, read off app-policy.fixture.ts. */
const MAY: Record<Caller, Record<'read' | 'update' | 'delete', 'none' | 'own' | 'any'>> = {
  owner: { read: 'own', update: 'own', delete: 'none' },
  admin: { read: 'any', update: 'any', delete: 'any' },
  client: { read: 'any', update: 'none', delete: 'none' },
  clientAdmin: { read: 'any', update: 'none', delete: 'none' },
};

function expected(row: Row): { status: number; code: string } {
  const forbidden = { status: 403, code: 'PORTCULLIS_FORBIDDEN' };
  const notFound = { status: 404, code: 'PORTCULLIS_NOT_FOUND' };
  if (!row.scope) return { status: 403, code: 'PORTCULLIS_INSUFFICIENT_SCOPE' };
  const may = MAY[row.caller][ACTION_OF[row.method]];
  if (may === 'none') return row.hide ? notFound : forbidden; // decided before loading
  if (row.record === 'missing') return notFound;
  if (may === 'own' && row.record === 'other') return row.hide ? notFound : forbidden;
  return { status: 200, code: 'OK' };
}

interface Row {
  caller: Caller;
  scope: boolean;
  record: RecordKind;
  method: Method;
  hide: boolean;
}

/** The decision as a promise, whether it was thrown synchronously, rejected or resolved. */
const decide = (run: () => void | Promise<void>): Promise<void> => Promise.resolve().then(run);

const rows: Row[] = [];
for (const caller of ['owner', 'admin', 'client', 'clientAdmin'] as const)
  for (const scope of [true, false])
    for (const record of ['own', 'other', 'missing'] as const)
      for (const method of ['GET', 'PATCH', 'DELETE'] as const)
        for (const hide of [false, true]) rows.push({ caller, scope, record, method, hide });

const route = (hide: boolean, scope: string): RouteRequirements => {
  const owns: OwnsRequirement = {
    subject: 'User',
    param: 'id',
    action: undefined,
    hide,
    fields: false,
  };
  return requirementsWith({ scopeGroups: [[scope]], owns });
};

describe('the @Scopes + @Owns decision (truth table)', () => {
  let moduleRef: TestingModule;
  let authorizer: RouteAuthorizer;
  let loader: FixtureUsersLoader;

  beforeAll(async () => {
    moduleRef = await authorizationModule({ policy: appPolicy });
    authorizer = moduleRef.get(RouteAuthorizer);
    loader = moduleRef.get(FixtureUsersLoader);
  });

  afterAll(() => moduleRef.close());

  // The oracle itself, pinned by literal values: editing MAY or `expected` to agree with a
  // regression fails here, not only in the rows below.
  it('expects, with the scope held and hide off, what this literal table says', () => {
    const answers = rows
      .filter((r) => r.scope && !r.hide)
      .map((r) => `${r.caller} ${r.record} ${r.method} ${expected(r).status}`);
    expect(answers).toEqual([
      'owner own GET 200',
      'owner own PATCH 200',
      'owner own DELETE 403',
      'owner other GET 403',
      'owner other PATCH 403',
      'owner other DELETE 403',
      'owner missing GET 404',
      'owner missing PATCH 404',
      'owner missing DELETE 403',
      'admin own GET 200',
      'admin own PATCH 200',
      'admin own DELETE 200',
      'admin other GET 200',
      'admin other PATCH 200',
      'admin other DELETE 200',
      'admin missing GET 404',
      'admin missing PATCH 404',
      'admin missing DELETE 404',
      'client own GET 200',
      'client own PATCH 403',
      'client own DELETE 403',
      'client other GET 200',
      'client other PATCH 403',
      'client other DELETE 403',
      'client missing GET 404',
      'client missing PATCH 403',
      'client missing DELETE 403',
      'clientAdmin own GET 200',
      'clientAdmin own PATCH 403',
      'clientAdmin own DELETE 403',
      'clientAdmin other GET 200',
      'clientAdmin other PATCH 403',
      'clientAdmin other DELETE 403',
      'clientAdmin missing GET 404',
      'clientAdmin missing PATCH 403',
      'clientAdmin missing DELETE 403',
    ]);
  });

  it('expects, over all 144 rows, these outcomes this many times', () => {
    const tally: Record<string, number> = {};
    for (const row of rows) {
      const { status, code } = expected(row);
      tally[`${status} ${code}`] = (tally[`${status} ${code}`] ?? 0) + 1;
    }
    expect(tally).toEqual({
      '200 OK': 24,
      '403 PORTCULLIS_FORBIDDEN': 17,
      '403 PORTCULLIS_INSUFFICIENT_SCOPE': 72,
      '404 PORTCULLIS_NOT_FOUND': 31,
    });
  });

  it.each(rows)('$caller, scope $scope, $record record, $method, hide $hide', async (row) => {
    const routeScope = SCOPE_OF[row.method];
    const held = row.scope ? [routeScope] : Object.values(SCOPE_OF).filter((s) => s !== routeScope);
    const caller = callerOf(row.caller, held);
    const id =
      row.record === 'own' ? caller.sub : row.record === 'other' ? 'someone-else' : 'nobody';
    const call = fakeCall(row.method, { id });
    const loadsBefore = loader.loads;

    const outcome = await decide(() =>
      authorizer.authorize(call, caller, route(row.hide, routeScope)),
    ).then(
      () => ({ status: 200, code: 'OK' }),
      (error: unknown) => {
        if (!(error instanceof PortcullisException)) throw error;
        return { status: error.getStatus(), code: error.code };
      },
    );

    const want = expected(row);
    expect(outcome).toEqual(want);
    const loaded = loader.loads - loadsBefore;
    if (want.status === 200) {
      expect(callStateOf(call.holder)?.resource).toEqual(loader.records.get(id));
      expect(callStateOf(call.holder)?.ability).toBeDefined();
    } else {
      expect(callStateOf(call.holder)?.resource).toBeUndefined();
    }
    // Nothing is loaded for a caller refused on the scope, or with no rule for the action.
    if (!row.scope || MAY[row.caller][ACTION_OF[row.method]] === 'none') expect(loaded).toBe(0);
    else expect(loaded).toBe(1);
  });
});

describe('fields: body (truth table)', () => {
  let moduleRef: TestingModule;
  let authorizer: RouteAuthorizer;

  beforeAll(async () => {
    moduleRef = await authorizationModule({ policy: appPolicy });
    authorizer = moduleRef.get(RouteAuthorizer);
  });

  afterAll(() => moduleRef.close());

  const owns: OwnsRequirement = {
    subject: 'User',
    param: 'id',
    action: undefined,
    hide: true,
    fields: 'body',
  };
  const patchRoute = requirementsWith({ scopeGroups: [['write:users']], owns });

  it.each([
    ['owner', { name: 'n' }, 200],
    ['owner', { name: 'n', email: 'e' }, 200],
    ['owner', { plan: 'pro' }, 403],
    ['owner', { name: 'n', plan: 'pro' }, 403],
    ['owner', {}, 200],
    ['owner', undefined, 200],
    ['owner', ['name'], 403],
    ['owner', 'name', 403],
    ['admin', { name: 'n', plan: 'pro', anything: 1 }, 200],
    ['client', { name: 'n' }, 404],
    ['clientAdmin', { name: 'n' }, 404],
    ['clientAdmin', { plan: 'pro' }, 404],
  ] as const)('%s writing %j: %s (403 even with hide)', async (who, body, status) => {
    const caller = callerOf(who, ['write:users']);
    const call = fakeCall('PATCH', { id: caller.sub }, body);
    const outcome = await decide(() => authorizer.authorize(call, caller, patchRoute)).then(
      () => 200,
      (error: PortcullisException) => error.getStatus(),
    );

    expect(outcome).toBe(status);
  });
});
