import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { InsufficientScopeException, ResourceNotFoundException } from 'nest-portcullis';
import { readCredentials, refusal, type SpikePrincipal } from './spike-tokens';

/** What a field needs. `via` picks how the refusal is thrown, to compare the shapes. */
export interface Needs {
  public?: boolean;
  scope?: string;
  /** The named argument must be an id the caller owns (`own-<sub>-...`); else NOT_FOUND. */
  ownerArg?: string;
  via?: 'refusal' | 'graphql-error' | 'http-exception';
}

export const NEEDS = 'spike:needs';
/** Marks a resolver (method or class) with what it needs. */
export const Need = (needs: Needs): MethodDecorator & ClassDecorator => SetMetadata(NEEDS, needs);

/** What the guard saw for one field occurrence: the spec asserts on these. */
export interface Seen {
  type: string;
  operation: string;
  field: string;
  parentType: string;
  path: string;
  args: Record<string, unknown>;
  authorization: unknown;
  sub: string | null;
  /** Where the HTTP request came from: `req` (Nest's context key) or `reply.request`. */
  requestFrom: 'req' | 'reply.request' | 'none';
}

/** The per-app log of guard calls, reset by the spec. */
export const seen: Seen[] = [];

/** Any context shape the two drivers hand to resolvers, over HTTP and over WebSocket. */
export interface SpikeContext {
  req?: { headers: Record<string, unknown> };
  reply?: { request?: { headers: Record<string, unknown> } };
  principal?: SpikePrincipal | null;
}

/** The experimental guard: reads the operation and decides per field occurrence. */
@Injectable()
export class SpikeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const ctx = gql.getContext<SpikeContext>();
    const args = gql.getArgs<Record<string, unknown>>();
    const request = ctx.req ?? ctx.reply?.request;
    const authorization = request?.headers.authorization;
    // Over WebSocket the principal was settled at connection_init; over HTTP it is read here.
    const principal =
      ctx.principal !== undefined ? ctx.principal : principalOf(readCredentials(authorization));
    seen.push({
      type: context.getType(),
      operation: info.operation.operation,
      field: info.fieldName,
      parentType: info.parentType.name,
      path: pathOf(info.path),
      args,
      authorization,
      sub: principal?.sub ?? null,
      requestFrom: ctx.req ? 'req' : ctx.reply?.request ? 'reply.request' : 'none',
    });
    const needs = this.reflector.getAllAndOverride<Needs | undefined>(NEEDS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (needs?.public) return true;
    if (!principal || principal.expiresAt <= Date.now()) {
      throw refusal('An access token is required', {
        code: 'UNAUTHENTICATED',
        portcullis: 'PORTCULLIS_MISSING_TOKEN',
      });
    }
    if (needs?.scope && !principal.scopes.includes(needs.scope)) {
      if (needs.via === 'http-exception') throw new InsufficientScopeException([needs.scope]);
      if (needs.via === 'graphql-error') {
        throw new GraphQLError('The access token lacks a required scope', {
          extensions: { code: 'FORBIDDEN', scope: needs.scope },
        });
      }
      throw refusal('The access token lacks a required scope', {
        code: 'FORBIDDEN',
        portcullis: 'PORTCULLIS_INSUFFICIENT_SCOPE',
        scope: needs.scope,
      });
    }
    const id = needs?.ownerArg ? args[needs.ownerArg] : undefined;
    if (needs?.ownerArg && (typeof id !== 'string' || !id.startsWith(`own-${principal.sub}-`))) {
      if (needs.via === 'http-exception') throw new ResourceNotFoundException();
      throw refusal('The resource does not exist', {
        code: 'NOT_FOUND',
        portcullis: 'PORTCULLIS_NOT_FOUND',
      });
    }
    return true;
  }
}

function principalOf(credentials: ReturnType<typeof readCredentials>): SpikePrincipal | null {
  return credentials.kind === 'valid' ? credentials.principal : null;
}

function pathOf(path: GraphQLResolveInfo['path'] | undefined): string {
  const keys: Array<string | number> = [];
  for (let p = path; p; p = p.prev) keys.unshift(p.key);
  return keys.join('.');
}
