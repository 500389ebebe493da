/**
 * Thrown at boot when an option is wrong (the message names the option), or when routes,
 * loaders or the policy do not fit together (the message names the routes).
 */
export class PortcullisConfigError extends Error {
  override readonly name = 'PortcullisConfigError';
  /**
   * @param option the option at fault; or, without `problem`, the whole message
   * @param problem what is wrong with it
   */
  constructor(option: string, problem?: string) {
    super(problem === undefined ? option : `PortcullisModule option "${option}" ${problem}`);
  }
}
