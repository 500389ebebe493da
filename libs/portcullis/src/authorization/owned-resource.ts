import type { AnyMongoAbility } from '@casl/ability';
import { logSafe } from '../common/log-safe';
import type { OwnsRequirement } from '../decorators/owns.decorator';
import type { CallContext } from '../context/call-context';
import { actionOfOperation } from '../context/graphql.context';
import { actionOfMethod } from '../context/http.context';
import { DEFAULT_MAX_JSON_DEPTH, valueExceedsDepth } from '../http/json-depth';
import { allows, check } from '../policy/check';
import type { Principal } from '../principal/principal';
import type { ResourceLoader } from './resource-loader';

/**
 * The action an `@Owns` requirement checks on an HTTP route, or a resolver (`QUERY`,
 * `MUTATION`, `SUBSCRIPTION`, `FIELD`): the route audit's view.
 */
export function ownsAction(owns: OwnsRequirement, method: string): string | undefined {
  return owns.action ?? actionOfMethod(method) ?? actionOfOperation(method);
}

/**
 * The outcome of an `@Owns` check; reasons are for debug logs:
 * - `missing`: no such resource (404);
 * - `denied`: the ability refuses the action on the type or the instance (403, 404 with `hide`);
 * - `forbidden`: a field of the body, or the route itself, is refused (403 even with `hide`:
 *   a caller who may act on the resource already knows it exists);
 * - `too-deep`: with `fields: 'body'`, the body nests deeper than the route's bound (400).
 */
export type OwnershipOutcome =
  | { readonly kind: 'allowed'; readonly resource: object }
  | { readonly kind: 'missing' | 'denied' | 'forbidden'; readonly reason: string }
  | { readonly kind: 'too-deep'; readonly reason: string; readonly maxDepth: number };

/** The top-level keys of a request body, or `undefined` when the body is not a plain object. */
function bodyFields(body: unknown): string[] | undefined {
  if (body === undefined || body === null) return [];
  if (typeof body !== 'object' || Array.isArray(body)) return undefined;
  return Object.keys(body);
}

/** A loader's answer: a value, or a promise (or any thenable) of one. */
type Loaded = ReturnType<ResourceLoader['load']>;

const isThenable = (value: Loaded): value is PromiseLike<object | null | undefined> =>
  typeof (value as { then?: unknown } | null | undefined)?.then === 'function';

/**
 * Decides an `@Owns` route: the action must be possible on the subject type at all (checked
 * before loading, so a caller with no rights learns nothing of what exists), the resource must
 * exist, the ability must allow the action on it, and with `fields: 'body'` on every field
 * of the body. Synchronous when the loader answers with a value; a promise only when it
 * answers with one (so Nest awaits the guard only then).
 */
export function decideOwnership(
  call: CallContext,
  principal: Principal,
  ability: AnyMongoAbility,
  owns: OwnsRequirement,
  loader: ResourceLoader | undefined,
): OwnershipOutcome | Promise<OwnershipOutcome> {
  const { subject } = owns;
  const action = owns.action ?? call.impliedAction;
  if (action === undefined) {
    const reason = `@Owns('${subject}') has no action for ${logSafe(call.operation)}`;
    return { kind: 'forbidden', reason };
  }
  if (!allows(ability, action, subject)) {
    return { kind: 'denied', reason: check(ability, action, subject).reason };
  }
  if (loader === undefined) return { kind: 'forbidden', reason: `no loader for '${subject}'` };
  const id = call.param(owns.param);
  if (id === undefined) return { kind: 'missing', reason: `no route param '${owns.param}'` };
  const loaded = loader.load(id, { principal });
  if (isThenable(loaded)) {
    return Promise.resolve(loaded).then((resource) =>
      decideLoaded(call, ability, owns, action, id, resource),
    );
  }
  return decideLoaded(call, ability, owns, action, id, loaded);
}

/** The rest of {@link decideOwnership}, once the loader has answered. */
function decideLoaded(
  call: CallContext,
  ability: AnyMongoAbility,
  owns: OwnsRequirement,
  action: string,
  id: string,
  resource: object | null | undefined,
): OwnershipOutcome {
  const { subject } = owns;
  if (resource === undefined || resource === null) {
    return { kind: 'missing', reason: `the '${subject}' loader found no '${logSafe(id)}'` };
  }
  // Reasons are built only for a denial.
  if (!allows(ability, action, subject, resource)) {
    return { kind: 'denied', reason: check(ability, action, subject, resource).reason };
  }
  if (owns.fields !== false) {
    // The body's keys are read here, and its values by whatever runs next (a validation pipe
    // recursing into them): a body past the bound is refused before either.
    const maxDepth = owns.maxBodyDepth ?? DEFAULT_MAX_JSON_DEPTH;
    // The HTTP body; a GraphQL call answers with its input argument.
    const input = call.input(owns.input ?? 'input', owns.fields);
    if (valueExceedsDepth(input, maxDepth)) {
      return {
        kind: 'too-deep',
        reason: `the body nests deeper than ${maxDepth} levels`,
        maxDepth,
      };
    }
    const fields = bodyFields(input);
    if (fields === undefined) return { kind: 'forbidden', reason: 'the body is not an object' };
    for (const field of fields) {
      if (!allows(ability, action, subject, resource, field)) {
        return {
          kind: 'forbidden',
          reason: check(ability, action, subject, resource, field).reason,
        };
      }
    }
  }
  return { kind: 'allowed', resource };
}
