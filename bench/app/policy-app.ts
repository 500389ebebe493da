import {
  Controller,
  Get,
  Module,
  NotFoundException,
  Param,
  UseGuards,
  type DynamicModule,
} from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Public } from 'nest-portcullis';
import { AppModule } from '../../src/app.module';
import type { User } from '../../src/data/records';
import { UsersRepository } from '../../src/data/users.repository';
import { User as UserNode } from '../../src/graphql/graphql-types';
import { userNode } from '../../src/graphql/users.resolver';
import { JsonBodyGuard } from '../../src/validation/json-body.guard';
import { tokenCacheOption, type BenchAppConfig } from './app-config';

/**
 * The demo's `GET /users/:id` without Portcullis's checks (workload `demo-user-public`): a
 * `@Public()` route in the same app, registered after the demo's routes, with a `:id`
 * param, the demo's global pipe and filter, its controllers' `JsonBodyGuard`, the same
 * repository and the same answer. What the route costs before anyone checks anything, so
 * that `policy` can be read against it.
 */
@Controller('public-users')
@UseGuards(JsonBodyGuard)
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

/**
 * The demo's GraphQL `user(id)` without Portcullis's checks (workload `graphql-user-public`):
 * a `@Public()` query in the same schema, same repository, same answer, so that
 * `graphql-user` (the demo's own query, a token and `@Owns`) can be read against it.
 */
@Resolver()
class PublicUserTwinResolver {
  private readonly users = new UsersRepository();

  @Public()
  @Query(() => UserNode, { nullable: true })
  publicUser(@Args('id', { type: () => ID }) id: string): UserNode | null {
    const user = this.users.findOne(id);
    return user === undefined ? null : userNode(user);
  }
}

/** Imported after the demo's module, so its route comes after the demo's in the router. */
@Module({ controllers: [PublicUserTwinController], providers: [PublicUserTwinResolver] })
class PublicUserTwinModule {}

/** The bench's root: the demo's module, then the twin route. */
@Module({})
class PolicyBenchModule {}

/**
 * The demo's own app module (workloads `policy`, `demo-health`, `demo-user-public`, and
 * over GraphQL, Apollo on Express or Mercurius on Fastify, `graphql-user(-public)`),
 * trusting the parent's issuer the way its e2e tests do, with the bench's cache and
 * cooldown.
 */
export function policyModule(config: BenchAppConfig): DynamicModule {
  const demo = AppModule.register(
    {
      issuer: config.issuer,
      audience: config.audience,
      jwksUri: config.jwksUri,
      tokenCache: tokenCacheOption(config),
      keys: { cooldownSeconds: config.cooldownSeconds },
    },
    { platform: config.platform },
  );
  return { module: PolicyBenchModule, imports: [demo, PublicUserTwinModule] };
}
