import type { PrincipalKind } from '../principal/principal';
import { PolicyDefinitionError } from './policy-definition.error';

const KINDS: readonly PrincipalKind[] = ['user', 'client'];

/** Who a permission or role reaches when it does not say: users only. */
export const USERS_ONLY: ReadonlySet<PrincipalKind> = new Set<PrincipalKind>(['user']);

/** Clients only: the kinds of the policy's `client` section. */
export const CLIENTS_ONLY: ReadonlySet<PrincipalKind> = new Set<PrincipalKind>(['client']);

/**
 * Validates an `appliesTo` list; returns the kinds of caller it names. Absent means users
 * only: a client-credentials token holding a role or permission gets nothing from it unless
 * the policy says so, because the role or permission was most likely written for people.
 * An empty list or an unknown kind is rejected: a grant that reaches nobody is a mistake.
 */
export function compileAppliesTo(value: unknown, where: string): ReadonlySet<PrincipalKind> {
  if (value === undefined) return USERS_ONLY;
  if (!Array.isArray(value) || value.length === 0) {
    throw new PolicyDefinitionError(`${where} has an empty or invalid appliesTo list`);
  }
  for (const kind of value) {
    if (!KINDS.includes(kind as PrincipalKind)) {
      throw new PolicyDefinitionError(
        `${where} has an invalid appliesTo kind ${JSON.stringify(kind)} (use 'user' or 'client')`,
      );
    }
  }
  return new Set(value as PrincipalKind[]);
}
