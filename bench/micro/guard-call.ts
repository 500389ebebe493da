import type { Type } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';

/** What a micro-benchmark calls of Portcullis's global guard. */
export interface GuardLike {
  canActivate(context: ExecutionContextHost): boolean | Promise<boolean>;
}

/** A copy of `text` that V8 has never hashed, as a header value read from a socket is. */
export const fresh = (text: string): string => Buffer.from(text, 'latin1').toString('latin1');

/**
 * One guard call as Nest makes it for an HTTP request: a new execution context for `request`,
 * naming the controller class and the prototype's handler (as Nest's context does); throws
 * unless the guard lets the call through.
 */
export async function activate(
  guard: GuardLike,
  controller: Type,
  handler: string,
  request: object,
): Promise<void> {
  const context = new ExecutionContextHost([request, {}, () => undefined]);
  Object.assign(context, {
    constructorRef: controller,
    handler: (controller.prototype as Record<string, unknown>)[handler],
  });
  const answer = guard.canActivate(context);
  if ((answer instanceof Promise ? await answer : answer) !== true) {
    throw new Error(`denied: ${handler}`);
  }
}

/** Runs a micro-benchmark's `main`, setting a failing exit code if it throws. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
