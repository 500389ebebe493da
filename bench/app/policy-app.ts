import type { DynamicModule } from '@nestjs/common';
import { AppModule } from '../../src/app.module';
import { tokenCacheOption, type BenchAppConfig } from './app-config';

/**
 * The demo's own app module (workloads `policy` and `demo-health`), trusting the
 * parent's issuer the way its e2e tests do, with the bench's cache and cooldown.
 */
export function policyModule(config: BenchAppConfig): DynamicModule {
  return AppModule.register({
    issuer: config.issuer,
    audience: config.audience,
    jwksUri: config.jwksUri,
    tokenCache: tokenCacheOption(config),
    keys: { cooldownSeconds: config.cooldownSeconds },
  });
}
