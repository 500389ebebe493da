import { SetMetadata } from '@nestjs/common';

/** The metadata key of the articles' `@Permissions()`: a bare string, as they write it. */
export const PERMISSIONS_KEY = 'permissions';

/** The permissions a route requires (the NestJS + Auth0 articles' decorator). */
export const Permissions = (...permissions: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(PERMISSIONS_KEY, permissions);
