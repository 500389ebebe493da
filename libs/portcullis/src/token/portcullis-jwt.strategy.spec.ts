import { createPublicKey } from 'node:crypto';
import type { AccessTokenClaims, Principal } from '../principal/principal';
import { TestIssuer } from '../../testing';
import { PortcullisJwtStrategy } from './portcullis-jwt.strategy';

describe('PortcullisJwtStrategy', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });

  afterAll(async () => {
    await issuer.stop();
  });

  const keyOf = () => {
    const jwk = issuer.jwks().keys.find((k) => k.kid === issuer.currentKid('RS256'));
    return createPublicKey({ key: jwk!, format: 'jwk' });
  };

  function strategy(principalOf: (claims: AccessTokenClaims) => Principal): PortcullisJwtStrategy {
    return new PortcullisJwtStrategy({
      principalOf,
      algorithms: ['RS256'],
      clockToleranceSeconds: 0,
    });
  }

  const asPrincipal = (claims: AccessTokenClaims) => ({ sub: claims.sub }) as unknown as Principal;

  it('settles each verification before it returns, one after another', () => {
    const jwt = strategy(asPrincipal);
    const key = keyOf();
    expect(jwt.verify({ token: issuer.mintAccessToken({ sub: 'alice' }), key })).toEqual({
      sub: 'alice',
    });
    const tampered = issuer.mintAccessToken({ sub: 'mallory' }).slice(0, -6) + 'AAAAAA';
    expect(() => jwt.verify({ token: tampered, key })).toThrow('invalid signature');
    // A refusal leaves nothing behind for the next verification.
    expect(jwt.verify({ token: issuer.mintAccessToken({ sub: 'bob' }), key })).toEqual({
      sub: 'bob',
    });
  });

  it('refuses with the reasons of jsonwebtoken (an expired token)', () => {
    const jwt = strategy(asPrincipal);
    const key = keyOf();
    const expired = issuer.mintAccessToken({}, { expiresIn: -60 });
    expect(() => jwt.verify({ token: expired, key })).toThrow(
      expect.objectContaining({ name: 'TokenExpiredError' }),
    );
  });

  it('fails the attempt with what validate throws, never with a principal', () => {
    const broken = new Error('claims cannot make a principal');
    const jwt = strategy(() => {
      throw broken;
    });
    expect(() => jwt.verify({ token: issuer.mintAccessToken(), key: keyOf() })).toThrow(broken);
  });
});
