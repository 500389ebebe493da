import type { AnyMongoAbility } from '@casl/ability';
import { allows } from '../policy/check';
import type { Principal } from '../principal/principal';

/**
 * A long-lived connection's caller, settled once: a graphql-ws subscription socket or a
 * gateway connection. Its ability is asked for when needed (it may depend on a permissions
 * provider).
 */
export interface SettledConnection {
  readonly principal: Principal;
  abilityOf(): Promise<AnyMongoAbility>;
}

/** Whether the principal's token has expired. */
export function hasExpired(principal: Principal, now = Date.now()): boolean {
  return principal.expiresAt * 1000 <= now;
}

/**
 * Whether `connection` may be sent `item` (a record of `subjectType`): its token has not
 * expired and its ability allows `action` on the item, the check a list filter makes.
 * No connection, an expired token or an ability that cannot be had now: `false`. What both a
 * subscription filter (`readableBy`) and a gateway broadcast (`emitToReaders`) decide.
 */
export async function connectionMay(
  connection: SettledConnection | undefined,
  action: string,
  subjectType: string,
  item: object,
): Promise<boolean> {
  if (connection === undefined || hasExpired(connection.principal)) return false;
  try {
    return allows(await connection.abilityOf(), action, subjectType, item);
  } catch {
    return false;
  }
}
