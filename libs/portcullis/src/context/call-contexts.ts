import { Logger, type ExecutionContext } from '@nestjs/common';
import { logSafe } from '../common/log-safe';
import { AccessDeniedException } from '../errors/portcullis.exceptions';
import type { CallContext, CallContextHost, CallContextKind } from './call-context';
import { callStateOf, type CallState } from './call-state';
import { graphqlContext } from './graphql.context';
import { httpContext } from './http.context';
import { rpcContext } from './rpc.context';
import { wsContext } from './ws.context';

/**
 * THE table of the kinds of context Portcullis guards, by `context.getType()`. Adding one
 * (GraphQL, WebSocket, RPC) is one file beside `http.context.ts` and one row here; the
 * guard and the param decorators do not change.
 */
const CALL_CONTEXTS: ReadonlyMap<string, CallContextKind> = new Map([
  ['http', httpContext],
  ['graphql', graphqlContext],
  ['rpc', rpcContext],
  ['ws', wsContext],
]);

const logger = new Logger('Portcullis');
const warned = new Set<string>();

/**
 * The view of one guarded call. A kind of context not in the table is refused (fail closed:
 * 403), and said once per kind in the log.
 */
export function openCallContext(context: ExecutionContext, host: CallContextHost): CallContext {
  const type = context.getType();
  const kind = CALL_CONTEXTS.get(type);
  if (kind !== undefined) return kind.open(context, host);
  if (!warned.has(type)) {
    warned.add(type);
    logger.warn(`No access token can be read in a ${logSafe(type)} context: denied`);
  }
  throw new AccessDeniedException();
}

/** The state the guard kept for this call (principal, ability, resource), if any. */
export function callStateFor(context: ExecutionContext): CallState | undefined {
  const kind = CALL_CONTEXTS.get(context.getType());
  return kind === undefined ? undefined : callStateOf(kind.holderOf(context));
}
