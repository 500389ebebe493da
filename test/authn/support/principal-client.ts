import type { INestApplication } from '@nestjs/common';
import type { PrincipalView } from './authn.controller';
import { getMe } from './authn-app';

/** What a mapping test compares: the principal without its raw claims, expiry and issuer. */
export type MappedPrincipal = Omit<PrincipalView, 'claims' | 'expiresAt' | 'issuer'>;

/** `GET /me` with the token; expects a 200 and returns the mapped part of the principal. */
export async function mappedPrincipal(
  app: INestApplication,
  token: string,
): Promise<MappedPrincipal> {
  const response = await getMe(app, token);
  expect(response.status).toBe(200);
  const { sub, kind, clientId, scopes, permissions, roles } = response.body as PrincipalView;
  return { sub, kind, clientId, scopes, permissions, roles };
}
