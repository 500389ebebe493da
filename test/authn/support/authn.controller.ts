import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { CurrentPrincipal, principalOf, Public, type Principal } from 'nest-portcullis';

/** A principal as JSON: its sets as arrays. */
export interface PrincipalView {
  sub: string;
  kind: string;
  clientId: string | null;
  issuer: string;
  scopes: string[];
  permissions: string[];
  roles: string[];
  expiresAt: number;
  claims: Record<string, unknown>;
}

/** Turns a principal into JSON a test can compare. */
export function principalView(principal: Principal): PrincipalView {
  return {
    sub: principal.sub,
    kind: principal.kind,
    clientId: principal.clientId ?? null,
    issuer: principal.issuer,
    scopes: [...principal.scopes],
    permissions: [...principal.permissions],
    roles: [...principal.roles],
    expiresAt: principal.expiresAt,
    claims: { ...principal.claims },
  };
}

/**
 * The routes of the authentication scenarios: `/me` (GET and POST) needs a valid access
 * token and echoes the caller; `/has` answers exact set membership; `/health` and
 * `/public/me` are public.
 */
@Controller()
export class AuthnController {
  @Public()
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Public()
  @Get('public/me')
  publicMe(@CurrentPrincipal() principal: Principal | undefined): { principal: string | null } {
    return { principal: principal === undefined ? null : principal.sub };
  }

  @Public()
  @Get('public/me/from-request')
  publicFromRequest(@Req() request: object): { principal: string | null } {
    return { principal: principalOf(request)?.sub ?? null };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): PrincipalView {
    return principalView(principal);
  }

  /** The caller as `principalOf(request)` reads it from the platform's request object. */
  @Get('me/from-request')
  fromRequest(@Req() request: object): { principal: string | null } {
    return { principal: principalOf(request)?.sub ?? null };
  }

  @Post('me')
  postMe(@CurrentPrincipal() principal: Principal, @Body() _body: unknown): PrincipalView {
    return principalView(principal);
  }

  @Get('has')
  has(
    @CurrentPrincipal() principal: Principal,
    @Query('scope') scope = '',
    @Query('permission') permission = '',
    @Query('role') role = '',
  ): Record<'scope' | 'permission' | 'role', boolean> {
    return {
      scope: principal.scopes.has(scope),
      permission: principal.permissions.has(permission),
      role: principal.roles.has(role),
    };
  }
}
