import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PERMISSIONS_KEY } from './permissions.decorator';

interface RequestWithUser {
  user?: { permissions?: string[] };
}

/**
 * The articles' permissions guard, as they write it: the route's permissions must all be
 * in the token's `permissions` claim, which `AuthGuard('jwt')` left on `request.user`.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.get<string[] | undefined>(
      PERMISSIONS_KEY,
      context.getHandler(),
    );
    if (!required) return true;
    const granted = context.switchToHttp().getRequest<RequestWithUser>().user?.permissions ?? [];
    return required.every((permission) => granted.includes(permission));
  }
}
