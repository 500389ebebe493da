import {
  Controller,
  Get,
  Module,
  NotFoundException,
  Param,
  type DynamicModule,
} from '@nestjs/common';
import { Public } from 'nest-portcullis';
import { AppModule } from '../../src/app.module';
import type { User } from '../../src/data/records';
import { UsersRepository } from '../../src/data/users.repository';
import { tokenCacheOption, type BenchAppConfig } from './app-config';

/**
 * The demo's `GET /users/:id` without Portcullis's checks (workload `demo-user-public`): a
 * `@Public()` route in the same app, registered after the demo's routes, with a `:id`
 * param, the demo's global pipe and filter, the same repository and the same answer. What
 * the route costs before anyone checks anything, so that `policy` can be read against it.
 */
@Controller('public-users')
class PublicUserTwinController {
  private readonly users = new UsersRepository();

  @Public()
  @Get(':id')
  findOne(@Param('id') id: string): User {
    const user = this.users.findOne(id);
    if (user === undefined) throw new NotFoundException();
    return user;
  }
}

/** Imported after the demo's module, so its route comes after the demo's in the router. */
@Module({ controllers: [PublicUserTwinController] })
class PublicUserTwinModule {}

/** The bench's root: the demo's module, then the twin route. */
@Module({})
class PolicyBenchModule {}

/**
 * The demo's own app module (workloads `policy`, `demo-health`, `demo-user-public`),
 * trusting the parent's issuer the way its e2e tests do, with the bench's cache and
 * cooldown.
 */
export function policyModule(config: BenchAppConfig): DynamicModule {
  const demo = AppModule.register({
    issuer: config.issuer,
    audience: config.audience,
    jwksUri: config.jwksUri,
    tokenCache: tokenCacheOption(config),
    keys: { cooldownSeconds: config.cooldownSeconds },
  });
  return { module: PolicyBenchModule, imports: [demo, PublicUserTwinModule] };
}
