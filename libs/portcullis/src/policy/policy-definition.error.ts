/**
 * Thrown when a policy definition is not valid, at construction of the
 * {@link PolicyEngine}, so that a broken policy stops the app at boot, never mid-request.
 * The message names the role, permission or entry at fault.
 */
export class PolicyDefinitionError extends Error {
  /** Stable code, for tests and logs. */
  readonly code = 'PORTCULLIS_POLICY_DEFINITION';

  /** @param message what is wrong, naming the entry at fault */
  constructor(message: string) {
    super(`Invalid Portcullis policy: ${message}`);
    this.name = 'PolicyDefinitionError';
  }
}
