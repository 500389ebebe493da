import request, { type Response } from 'supertest';
import type { CallerName, DemoHarness } from './demo-harness';

/** One GraphQL error as the demo answers it. */
export interface GraphQLErrorJson {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; portcullis?: string; reason?: string; scope?: string };
}

/** Who sends a GraphQL request: a demo caller (all scopes, or `scopes`), or nobody. */
export interface GraphQLCaller {
  caller?: CallerName;
  scopes?: readonly string[];
}

/** POSTs `body` (one operation, or a batch) to `/graphql` as `who`. */
export async function postGraphQL(
  demo: DemoHarness,
  body: object,
  who: GraphQLCaller = {},
): Promise<Response> {
  let req = request(demo.app.getHttpServer())
    .post('/graphql')
    .set('Content-Type', 'application/json');
  if (who.caller !== undefined)
    req = req.set('Authorization', `Bearer ${demo.token(who.caller, who.scopes)}`);
  return req.send(body);
}

/**
 * What one operation decided, in REST's terms, so the two can be compared: the value, or
 * the refusal's code (the REST body's `code`: `PORTCULLIS_FORBIDDEN`, `VALIDATION_FAILED`...)
 * and its HTTP status read back from the GraphQL `extensions.code`.
 */
export type Outcome = { value: unknown } | { status: number; code: string };

const STATUS_OF_GRAPHQL_CODE: Readonly<Record<string, number>> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  SERVICE_UNAVAILABLE: 503,
};

/** The outcome of the REST twin: 2xx is the body (204: `true`), else status and code. */
export function restOutcome(res: Response, shape: (body: unknown) => unknown = (b) => b): Outcome {
  if (res.status === 204) return { value: true };
  if (res.status < 300) return { value: shape(res.body) };
  return { status: res.status, code: (res.body as { code: string }).code };
}

/**
 * The outcome of `field` in a GraphQL answer (HTTP 200 always): its value when no error is
 * at its path, else the error's status (from `extensions.code`) and Portcullis or demo code.
 */
export function graphQLOutcome(res: Response, field: string): Outcome {
  expect(res.status).toBe(200);
  const body = res.body as { data?: Record<string, unknown> | null; errors?: GraphQLErrorJson[] };
  const error = body.errors?.find((e) => e.path?.[0] === field);
  if (error === undefined) {
    expect(body.errors).toBeUndefined();
    return { value: body.data?.[field] };
  }
  const extensions = error.extensions ?? {};
  // A refused field is null: at its path, or its whole `data` when the field is non-null.
  expect(body.data?.[field] ?? null).toBeNull();
  return {
    status: STATUS_OF_GRAPHQL_CODE[extensions.code ?? ''] ?? 500,
    code: extensions.portcullis ?? extensions.reason ?? 'NO_CODE',
  };
}

/** A user as REST shows it, shaped as GraphQL's `User` (whose `email` is non-null: `""`). */
export const asUserNode = (user: unknown): unknown => {
  const u = user as { email?: string };
  return { ...u, email: u.email ?? '' };
};

/** The same for a list of users. */
export const asUserNodes = (users: unknown): unknown => (users as unknown[]).map(asUserNode);

export const USER_FIELDS = '{ id name email plan }';
export const NOTE_FIELDS = '{ id ownerId text }';
