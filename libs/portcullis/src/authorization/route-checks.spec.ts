import { requirementsWith } from './authorization.fixture';
import type { RouteRequirement } from './route-requirement';
import { routeProblems, type AuditedRoute } from './route-checks';
import type { RouteRequirements } from './route-requirements';
import { routeTable } from './route-table';

function audited(
  method: string,
  path: string,
  declared: Partial<RouteRequirements>,
  line: Partial<RouteRequirement> = {},
): AuditedRoute {
  const route = requirementsWith(declared);
  return {
    declared: route,
    requirement: {
      method,
      path,
      controller: 'C',
      handler: 'h',
      access: route.isPublic ? 'public' : 'authenticated',
      scopes: route.scopeGroups,
      ...line,
    },
  };
}

const owns = {
  subject: 'Note',
  param: 'id',
  action: undefined,
  hide: false,
  fields: false as const,
};
const context = { hasPolicy: true, loaderTypes: new Set(['Note']), strictRoutes: false };

describe('routeProblems', () => {
  it('finds nothing wrong with well-declared routes', () => {
    const routes = [
      audited('GET', '/notes/:id', { owns }, { owns: { ...owns, action: 'read' } }),
      audited('GET', '/open', { isPublic: true }),
    ];
    expect(routeProblems(routes, context)).toEqual([]);
  });

  it('asks for an action when the HTTP method implies none (@All, OPTIONS)', () => {
    const route = audited('ALL', '/notes/:id', { owns }, { owns });

    expect(routeProblems([route], context)).toEqual([
      "ALL /notes/:id (C.h) uses @Owns('Note') without an action, which ALL does not imply",
    ]);
  });

  it('matches the param as a whole name: :id is not :identifier', () => {
    const line = { owns: { ...owns, action: 'read' } };
    const route = audited('GET', '/notes/:identifier', { owns }, line);

    expect(routeProblems([route], context)).toEqual([
      "GET /notes/:identifier (C.h) uses @Owns('Note') with param 'id', which its path lacks",
    ]);
    expect(routeProblems([audited('GET', '/notes/:id/tags', { owns }, line)], context)).toEqual([]);
  });

  it('skips public routes, even with strictRoutes', () => {
    const route = audited('GET', '/x', { isPublic: true, usesAbility: true });

    expect(routeProblems([route], { ...context, hasPolicy: false, strictRoutes: true })).toEqual(
      [],
    );
  });

  it('needs a policy for @CurrentAbility alone, and lists every problem of every route', () => {
    const routes = [
      audited('GET', '/a', { usesAbility: true }, { access: 'undeclared' }),
      audited('GET', '/b', {}, { access: 'undeclared' }),
    ];

    expect(routeProblems(routes, { ...context, hasPolicy: false, strictRoutes: true })).toEqual([
      'GET /a (C.h) uses @Can, @Owns or @CurrentAbility, but the "policy" option is not set',
      'GET /a (C.h) declares nothing (strictRoutes): add @Public, @Authenticated, @Scopes, @AnyScopes, @Can or @Owns',
      'GET /b (C.h) declares nothing (strictRoutes): add @Public, @Authenticated, @Scopes, @AnyScopes, @Can or @Owns',
    ]);
  });
});

describe('routeTable', () => {
  it('pads every column to its widest cell', () => {
    const table = routeTable([
      audited('GET', '/health', { isPublic: true }, { access: 'public' }).requirement,
      {
        ...audited('DELETE', '/notes/:id', {}).requirement,
        scopes: [['read:notes'], ['a', 'b']],
        can: [['delete', 'Note']],
        owns: { ...owns, action: 'delete', hide: true },
      },
    ]);

    expect(table.split('\n')).toEqual([
      'METHOD  PATH        ACCESS         SCOPES                   POLICY                                      HANDLER',
      'GET     /health     public         -                        -                                           C.h',
      'DELETE  /notes/:id  authenticated  read:notes and (a or b)  can delete Note; owns Note :id delete hide  C.h',
    ]);
  });
});

describe('routeTable with versions and hosts', () => {
  it('adds VERSION and HOST columns only when some route has one', () => {
    const plain = audited('GET', '/health', { isPublic: true }, { access: 'public' }).requirement;
    const versioned = { ...plain, path: '/v1/cats', versions: ['1', 'neutral'] };
    const hosted = { ...plain, path: '/admin', host: [':tenant.example.com'] };

    expect(routeTable([plain, versioned]).split('\n')).toEqual([
      'METHOD  PATH      VERSION    ACCESS  SCOPES  POLICY  HANDLER',
      'GET     /health   -          public  -       -       C.h',
      'GET     /v1/cats  1,neutral  public  -       -       C.h',
    ]);
    expect(routeTable([plain, hosted]).split('\n')[0]).toMatch(/^METHOD +PATH +HOST +ACCESS /);
    expect(routeTable([hosted]).split('\n')[1]).toMatch(
      /^GET +\/admin +:tenant\.example\.com +public/,
    );
  });
});
