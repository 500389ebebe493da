import type { DemoConfig } from '../config/demo-config';
import { DemoConfigError } from '../config/demo-config';
import { DevIssuer } from '../dev-issuer/dev-issuer';

/**
 * Starts the development issuer on PORT + 1, with tokens shaped as the demo reads them.
 * A taken port stops the start with a message saying what to change.
 */
export async function startDevIssuer(config: DemoConfig, dir?: string): Promise<DevIssuer> {
  if (config.auth.mode !== 'development') throw new Error('Not in development mode');
  const port = config.port + 1;
  try {
    return await DevIssuer.start({
      dir,
      port,
      rolesClaim: config.rolesClaim,
      permissionsClaim: config.permissionsClaim,
      alg: config.auth.alg,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new DemoConfigError(
      'PORT',
      `is ${config.port}, and the development issuer's port ${port} (PORT + 1) is taken; choose another PORT`,
    );
  }
}
