import { Controller, Get, UseGuards } from '@nestjs/common';
import { Authenticated, CurrentPrincipal, type Principal } from 'nest-portcullis';
import { JsonBodyGuard } from '../validation/json-body.guard';

/** The caller as `GET /me` shows it. */
export interface PrincipalJson {
  sub: string;
  kind: Principal['kind'];
  scopes: string[];
  permissions: string[];
  roles: string[];
}

/** The principal as `GET /me` (and GraphQL's `me`) shows it. */
export function toPrincipalJson(principal: Principal): PrincipalJson {
  return {
    sub: principal.sub,
    kind: principal.kind,
    scopes: [...principal.scopes],
    permissions: [...principal.permissions],
    roles: [...principal.roles],
  };
}

/** `GET /me`: who the token says is calling; any valid access token, no scope needed. */
@Controller('me')
@UseGuards(JsonBodyGuard)
export class MeController {
  /** The principal: `sub`, `kind`, and its scopes, permissions and roles as arrays. */
  @Authenticated()
  @Get()
  me(@CurrentPrincipal() principal: Principal): PrincipalJson {
    return toPrincipalJson(principal);
  }
}
