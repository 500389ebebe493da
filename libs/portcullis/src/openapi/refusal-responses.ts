import type { ComponentsObject, ResponseObject } from '@nestjs/swagger';
import type { RouteRequirement } from '../authorization/route-requirement';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';

/** Names of the components the refusals refer to (`#/components/...`). */
export const REFUSAL_COMPONENTS = {
  schema: 'PortcullisError',
  challenge: 'PortcullisChallenge',
  retryAfter: 'PortcullisRetryAfter',
} as const;

/** The shared schema and headers of every refusal, added to `components`. */
export function refusalComponents(): Required<Pick<ComponentsObject, 'schemas' | 'headers'>> {
  return {
    schemas: {
      [REFUSAL_COMPONENTS.schema]: {
        type: 'object',
        description: 'The body of every answer Portcullis refuses a call with.',
        required: ['statusCode', 'code', 'message'],
        properties: {
          statusCode: { type: 'integer', description: 'The HTTP status, repeated.' },
          code: {
            type: 'string',
            enum: Object.values(PortcullisErrorCode),
            description: 'Stable: clients may branch on it.',
          },
          message: { type: 'string', description: 'Safe to show; says nothing of the policy.' },
        },
      },
    },
    headers: {
      [REFUSAL_COMPONENTS.challenge]: {
        description:
          'RFC 6750 Bearer challenge: `Bearer realm="..."`, with `error` (invalid_request, ' +
          'invalid_token, insufficient_scope), `error_description` and, for ' +
          'insufficient_scope, the `scope` the operation needs.',
        schema: { type: 'string' },
      },
      [REFUSAL_COMPONENTS.retryAfter]: {
        description: 'Seconds to wait before trying again.',
        schema: { type: 'integer', minimum: 0 },
      },
    },
  };
}

type Header = keyof typeof REFUSAL_COMPONENTS & ('challenge' | 'retryAfter');

const HEADER_NAMES: Record<Header, string> = {
  challenge: 'WWW-Authenticate',
  retryAfter: 'Retry-After',
};

/** One refusal: its status, the codes its body may carry, its header. */
function refusal(
  status: number,
  description: string,
  codes: readonly PortcullisErrorCode[],
  header?: Header,
): ResponseObject {
  const schema = {
    allOf: [
      { $ref: `#/components/schemas/${REFUSAL_COMPONENTS.schema}` },
      { type: 'object', properties: { statusCode: { enum: [status] }, code: { enum: codes } } },
    ],
  };
  return {
    description,
    ...(header === undefined
      ? {}
      : {
          headers: {
            [HEADER_NAMES[header]]: { $ref: `#/components/headers/${REFUSAL_COMPONENTS[header]}` },
          },
        }),
    content: { 'application/json': { schema } },
  } as ResponseObject;
}

/** What the guard knows beyond the route: whether a permissions provider can fail. */
export interface RefusalContext {
  readonly hasPermissionsProvider: boolean;
}

/**
 * The answers the guard can refuse this route with, by status: none for a `@Public()` route;
 * 400, 401 and 503 for every other; 403 when it needs scopes or the policy; 404 with `@Owns`.
 */
export function refusalResponses(
  route: RouteRequirement,
  context: RefusalContext,
): Record<string, ResponseObject> {
  if (route.access === 'public') return {};
  const usesPolicy = route.can !== undefined || route.owns !== undefined;
  const bodyChecked = route.owns?.fields === 'body';
  const responses: Record<string, ResponseObject> = {
    '400': refusal(
      400,
      bodyChecked
        ? 'The credentials are malformed (two tokens, a broken header), or the body nests too deep.'
        : 'The credentials are malformed (two tokens, a broken header).',
      [PortcullisErrorCode.InvalidRequest],
      'challenge',
    ),
    '401': refusal(
      401,
      'No access token, or one that is not valid for this API (expired, wrong issuer or audience, bad signature).',
      [
        PortcullisErrorCode.MissingToken,
        PortcullisErrorCode.InvalidToken,
        PortcullisErrorCode.TokenExpired,
      ],
      'challenge',
    ),
  };
  const forbidden = [
    ...(route.scopes.length > 0 ? [PortcullisErrorCode.InsufficientScope] : []),
    ...(usesPolicy ? [PortcullisErrorCode.Forbidden] : []),
  ];
  if (forbidden.length > 0) {
    const why = [
      ...(route.scopes.length > 0 ? ['the token lacks a scope the operation needs'] : []),
      ...(usesPolicy ? ['the policy does not let the caller do this'] : []),
    ];
    responses['403'] = refusal(
      403,
      `Refused: ${why.join(', or ')}.`,
      forbidden,
      route.scopes.length > 0 ? 'challenge' : undefined,
    );
  }
  if (route.owns !== undefined) {
    responses['404'] = refusal(
      404,
      route.owns.hide
        ? `The ${route.owns.subject} does not exist, or the caller may not see it.`
        : `The ${route.owns.subject} does not exist.`,
      [PortcullisErrorCode.NotFound],
    );
  }
  const unavailable = [
    PortcullisErrorCode.KeysUnavailable,
    ...(usesPolicy && context.hasPermissionsProvider
      ? [PortcullisErrorCode.PermissionsUnavailable]
      : []),
  ];
  responses['503'] = refusal(
    503,
    unavailable.length > 1
      ? "The call cannot be checked right now: the issuer's keys or the permissions store cannot be reached."
      : "The token cannot be checked right now: the issuer's keys cannot be reached.",
    unavailable,
    'retryAfter',
  );
  return responses;
}
