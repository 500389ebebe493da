import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, Public, type Principal } from 'nest-portcullis';

/** A protected route that echoes the caller, and a public one. */
@Controller()
export class PrincipalController {
  @Public()
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Record<string, unknown> {
    const { sub, kind, clientId, issuer, scopes } = principal;
    return { sub, kind, clientId, issuer, scopes: [...scopes] };
  }
}
