import { Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Public, type Principal } from 'nest-portcullis';
import { toPrincipalJson, type PrincipalJson } from '../me/me.controller';
import { Principal as PrincipalType } from './graphql-types';

/** `health` and `me`, the twins of `GET /health` and `GET /me`. */
@Resolver()
export class PrincipalResolver {
  /** Open to anyone, no token: always `"ok"`. */
  @Public()
  @Query(() => String)
  health(): string {
    return 'ok';
  }

  /** Any valid access token, no scope needed. */
  @Authenticated()
  @Query(() => PrincipalType)
  me(@CurrentPrincipal() principal: Principal): PrincipalJson {
    return toPrincipalJson(principal);
  }
}
