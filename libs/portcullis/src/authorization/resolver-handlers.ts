import type { MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { routeName, type AuditedRoute } from './route-checks';

// @nestjs/graphql's metadata keys, read by name: the library imports no GraphQL package.
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';
const RESOLVE_PROPERTY = 'graphql:resolve_property';
const ROUTE_ARGS = '__routeArguments__';

/** What a resolver method serves: a root operation field, or a field of an object type. */
export type ResolverKind = 'QUERY' | 'MUTATION' | 'SUBSCRIPTION' | 'FIELD';

const KIND_OF_TYPE: Readonly<Record<string, ResolverKind>> = {
  Query: 'QUERY',
  Mutation: 'MUTATION',
  Subscription: 'SUBSCRIPTION',
};

/** One resolver method, as the route audit lists it. */
export interface ResolverHandler {
  readonly kind: ResolverKind;
  /** `Query.user(:id)`, `User.plan`: the type, the field, the named arguments. */
  readonly path: string;
  readonly resolver: abstract new (...args: never[]) => unknown;
  readonly handler: object;
  readonly handlerName: string;
}

// GqlParamtype.ARGS: metadata entries are keyed `${paramtype}:${index}`.
const ARGS_PARAMTYPE = '3:';

/** The names of the arguments a handler takes with `@Args('name')`, in order. */
function argumentNames(resolver: object, handlerName: string): string[] {
  const params = Reflect.getMetadata(ROUTE_ARGS, resolver, handlerName) as
    Record<string, { index: number; data?: unknown }> | undefined;
  return Object.entries(params ?? {})
    .filter(([key, { data }]) => key.startsWith(ARGS_PARAMTYPE) && typeof data === 'string')
    .sort(([, a], [, b]) => a.index - b.index)
    .map(([, { data }]) => String(data));
}

/**
 * Every resolver method of the app's providers, from @nestjs/graphql's metadata: `@Query`,
 * `@Mutation`, `@Subscription` (root fields) and `@ResolveField` (fields of the type the
 * class resolves).
 */
export function resolverHandlers(
  providers: readonly InstanceWrapper[],
  scanner: MetadataScanner,
): ResolverHandler[] {
  const found: ResolverHandler[] = [];
  for (const wrapper of providers) {
    const resolver = wrapper.metatype as ResolverHandler['resolver'] | null | undefined;
    if (typeof resolver !== 'function' || !Reflect.hasMetadata(RESOLVER_TYPE, resolver)) continue;
    const prototype = resolver.prototype as Record<string, unknown>;
    for (const handlerName of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[handlerName];
      if (typeof handler !== 'function') continue;
      const isField = Reflect.getMetadata(RESOLVE_PROPERTY, handler) === true;
      if (!isField && !Reflect.hasMetadata(RESOLVER_TYPE, handler)) continue;
      // The schema name given to the decorator, else the method's name (as Nest names it).
      const named = Reflect.getMetadata(RESOLVER_NAME, handler) as string | undefined;
      const field = named ?? handlerName;
      const type = isField
        ? String(Reflect.getMetadata(RESOLVER_NAME, resolver) ?? resolver.name)
        : String(Reflect.getMetadata(RESOLVER_TYPE, handler));
      const kind = isField ? 'FIELD' : KIND_OF_TYPE[type];
      if (kind === undefined) continue;
      const args = argumentNames(resolver, handlerName).map((name) => `:${name}`);
      const path = `${type}.${field}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
      found.push({ kind, path, resolver, handler, handlerName });
    }
  }
  return found;
}

/** What the audit reads of @nestjs/graphql's module options. */
export interface GraphQLFieldOptions {
  readonly fieldResolverEnhancers?: readonly string[];
}

/**
 * Nest runs no guard on a `@ResolveField` unless the GraphQL module sets
 * `fieldResolverEnhancers: ['guards']`: a field resolver that is not `@Public()` would be
 * served to anyone. Fail closed: each such field is a reason not to boot.
 */
export function unguardedFieldProblems(
  routes: readonly AuditedRoute[],
  options: GraphQLFieldOptions | undefined,
): string[] {
  if (options?.fieldResolverEnhancers?.includes('guards') === true) return [];
  return routes
    .filter(({ requirement }) => requirement.method === 'FIELD' && requirement.access !== 'public')
    .map(
      ({ requirement }) =>
        `${routeName(requirement)} is a field resolver Nest does not guard: set fieldResolverEnhancers: ['guards'] in GraphQLModule.forRoot`,
    );
}
