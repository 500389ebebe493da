import type { DemoAuthOptions } from '../../app.module';
import type { DemoConfig } from './demo-config';

/** The issuer the development mode trusts, once it listens. */
export interface RunningIssuer {
  readonly issuer: string;
  readonly audience: string;
}

/**
 * The Portcullis options for a configuration: the real issuer it names, or the running
 * development issuer (found by discovery, like a real one).
 */
export function authOptionsFor(config: DemoConfig, devIssuer?: RunningIssuer): DemoAuthOptions {
  const claims = {
    preset: config.auth.mode === 'issuer' ? config.auth.preset : 'generic',
    roles: [config.rolesClaim],
    permissions: [config.permissionsClaim],
  } as const;
  const algorithms = config.algorithms;
  if (config.auth.mode === 'issuer') {
    const { issuer, audiences, jwksUri } = config.auth;
    return { issuer, audience: audiences, jwksUri, claims, algorithms };
  }
  if (devIssuer === undefined) {
    throw new Error('Development mode needs the development issuer to be running');
  }
  return { issuer: devIssuer.issuer, audience: devIssuer.audience, claims, algorithms };
}
