import { sign } from 'node:crypto';
import type { DevKey } from './dev-keys';

const segment = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');

/**
 * A compact JWS of `payload` signed with a development key: RS256 (PKCS#1 v1.5) or ES256
 * (P-256, the r || s signature JWS requires).
 */
export function signCompactJws(
  key: DevKey,
  typ: 'at+jwt' | 'JWT',
  payload: Record<string, unknown>,
): string {
  const input = `${segment({ alg: key.alg, kid: key.kid, typ })}.${segment(payload)}`;
  const data = Buffer.from(input, 'ascii');
  const signature =
    key.alg === 'ES256'
      ? sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', data, key.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}
