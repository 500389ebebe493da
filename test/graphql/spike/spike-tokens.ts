import { IntrinsicException } from '@nestjs/common';
import { GraphQLError } from 'graphql';

/**
 * The spike's stand-in for token verification: a fixed table. Verification itself is
 * the library's tested part; the spike only proves where a token is read and how a
 * refusal reaches a GraphQL client, so a table keeps each case obvious.
 */
export interface SpikePrincipal {
  sub: string;
  scopes: readonly string[];
  /** Epoch milliseconds after which the token is expired (subscriptions close then). */
  expiresAt: number;
}

const TABLE: Record<string, Omit<SpikePrincipal, 'expiresAt'>> = {
  alice: { sub: 'alice', scopes: ['read:items', 'write:items', 'read:secret'] },
  bob: { sub: 'bob', scopes: ['read:items'] },
  carol: { sub: 'carol', scopes: [] },
};

/** What reading the `Authorization` value gave. */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'valid'; principal: SpikePrincipal }
  | { kind: 'invalid' }
  | { kind: 'malformed' };

/** `Bearer <name>` or `Bearer <name>;<ttl ms>`; anything else with the Bearer scheme is invalid. */
export function readCredentials(header: unknown): Credentials {
  if (header === undefined || header === null || header === '') return { kind: 'none' };
  if (typeof header !== 'string') return { kind: 'malformed' };
  const match = /^Bearer +(\S+)$/i.exec(header);
  if (!match) return /^Bearer\b/i.test(header) ? { kind: 'malformed' } : { kind: 'none' };
  const [name, ttl] = match[1].split(';');
  const known = TABLE[name];
  if (!known) return { kind: 'invalid' };
  return { kind: 'valid', principal: { ...known, expiresAt: Date.now() + Number(ttl ?? 60_000) } };
}

/** Extensions every refusal carries: GraphQL's `code` plus Portcullis's own. */
export interface RefusalExtensions {
  code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_REQUEST';
  portcullis: string;
  scope?: string;
  [key: string]: unknown;
}

/**
 * A per-field refusal. graphql-js wraps any error a resolver throws in a GraphQLError at
 * the field's path and copies `originalError.extensions`; extending IntrinsicException
 * keeps Nest's ExternalExceptionFilter from logging it as an error (it logs every other
 * Error, GraphQLError included), and not being an HttpException keeps @nestjs/apollo's
 * error transform away from it.
 */
export class GqlRefusal extends IntrinsicException {
  constructor(
    message: string,
    readonly extensions: RefusalExtensions,
  ) {
    super(message);
  }
}

/** The shape the spike throws by default. */
export function refusal(message: string, extensions: RefusalExtensions): GqlRefusal {
  return new GqlRefusal(message, extensions);
}

/** The whole-operation refusal for a present but unusable credential, with its HTTP answer. */
export function operationRefusal(credentials: Credentials): GraphQLError | undefined {
  if (credentials.kind === 'invalid') {
    return new GraphQLError('The access token is invalid', {
      extensions: {
        code: 'UNAUTHENTICATED',
        portcullis: 'PORTCULLIS_INVALID_TOKEN',
        http: {
          status: 401,
          headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]),
        },
      },
    });
  }
  if (credentials.kind === 'malformed') {
    return new GraphQLError('The Authorization header is malformed', {
      extensions: {
        code: 'BAD_REQUEST',
        portcullis: 'PORTCULLIS_INVALID_REQUEST',
        http: {
          status: 400,
          headers: new Map([['www-authenticate', 'Bearer error="invalid_request"']]),
        },
      },
    });
  }
  return undefined;
}
