import { createPublicKey, KeyObject } from 'node:crypto';
import { PortcullisErrorCode } from '../errors/portcullis-error-codes';
import { InvalidTokenException } from '../errors/portcullis.exceptions';
import { resolveOptions } from '../options/resolve-options';
import { TestIssuer } from '../../testing';
import { AccessTokenAuthenticator } from './access-token.authenticator';

/** The token with one character of its signature changed (not the last: padding bits). */
function tamperSignature(token: string): string {
  const at = token.lastIndexOf('.') + 10;
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

describe('AccessTokenAuthenticator', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
  });

  afterAll(async () => {
    await issuer.stop();
  });

  async function authenticator(tokenCache?: false): Promise<AccessTokenAuthenticator> {
    const options = resolveOptions(
      issuer.moduleOptions(tokenCache === false ? { tokenCache: false } : {}),
    );
    const built = new AccessTokenAuthenticator(options.token, options.keys);
    await built.warmUp();
    return built;
  }

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('verifies a token through the strategy, and caches it from its second verification on', async () => {
    const auth = await authenticator();
    const token = issuer.mintAccessToken({ sub: 'alice', scope: 'read' });

    expect(auth.cachedPrincipal(token)).toBeUndefined();
    const first = await auth.authenticate(token);
    expect(first).toMatchObject({ sub: 'alice', kind: 'user' });
    // Seen once: only its fingerprint is remembered, no principal is kept.
    expect(auth.cachedPrincipal(token)).toBeUndefined();
    const principal = await auth.authenticate(token);
    expect(principal).not.toBe(first);
    expect(principal).toMatchObject({ sub: 'alice', kind: 'user' });
    expect(auth.cachedPrincipal(token)).toBe(principal);
    expect(await auth.authenticate(token)).toBe(principal);
  });

  it('answers synchronously when the key is at hand: the principal, or the refusal thrown', async () => {
    const auth = await authenticator(false);
    // A principal, not a promise: the strategy's signature check settles before it returns.
    expect(auth.verify(issuer.mintAccessToken({ sub: 'bob' }))).toMatchObject({ sub: 'bob' });

    expect(() => auth.verify('a.b')).toThrow('The access token is malformed');
    const tampered = tamperSignature(issuer.mintAccessToken());
    expect(() => auth.verify(tampered)).toThrow(InvalidTokenException);
    expect(() => auth.verify(tampered)).toThrow('The token signature is invalid');
    const expired = issuer.mintAccessToken({ sub: 'bob' }, { expiresIn: -120 });
    expect(() => auth.verify(expired)).toThrow('The token has expired');
  });

  it('answers with a promise when the key has to be fetched first', async () => {
    // Keys never fetched (no warm-up): the first token waits for the JWKS.
    const options = resolveOptions(issuer.moduleOptions());
    const auth = new AccessTokenAuthenticator(options.token, options.keys);
    const answer = auth.verify(issuer.mintAccessToken({ sub: 'carol' }));
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).resolves.toMatchObject({ sub: 'carol' });
    // The key is held now: the next token is answered at once.
    expect(auth.verify(issuer.mintAccessToken({ sub: 'dave' }))).toMatchObject({ sub: 'dave' });
  });

  it('never answers a token with the principal of another that ends the same way', async () => {
    const auth = await authenticator();
    const alice = issuer.mintAccessToken({ sub: 'alice' });
    await auth.authenticate(alice);
    const cached = await auth.authenticate(alice);
    expect(auth.cachedPrincipal(alice)).toBe(cached);

    // Same signature end, other header and payload: a lookup finds alice's entry by its end,
    // compares the whole token, and misses; the forged token itself fails its signature.
    const [, , signature] = alice.split('.');
    const [header, payload] = issuer.mintAccessToken({ sub: 'mallory' }).split('.');
    const forged = `${header}.${payload}.${signature}`;
    expect(auth.cachedPrincipal(forged)).toBeUndefined();
    await expect(auth.authenticate(forged)).rejects.toMatchObject({
      message: 'The token signature is invalid',
    });
    expect(auth.cachedPrincipal(alice)).toBe(cached);
  });

  it('does not cache when the cache is off', async () => {
    const auth = await authenticator(false);
    const token = issuer.mintAccessToken({ sub: 'alice' });

    const first = await auth.verify(token);
    expect(auth.cachedPrincipal(token)).toBeUndefined();
    expect(await auth.authenticate(token)).not.toBe(first);
  });

  it('has passport-jwt refuse a signature that does not match, and caches nothing', async () => {
    const auth = await authenticator();
    const token = tamperSignature(issuer.mintAccessToken());

    const error = await refusal(auth.authenticate(token));
    expect(error).toBeInstanceOf(InvalidTokenException);
    expect(error).toMatchObject({ message: 'The token signature is invalid' });
    expect(auth.cachedPrincipal(token)).toBeUndefined();
  });

  it('refuses malformed tokens and broken claims before the strategy, with their reasons', async () => {
    const auth = await authenticator();

    await expect(auth.authenticate('a.b')).rejects.toMatchObject({
      message: 'The access token is malformed',
    });
    await expect(
      auth.authenticate(issuer.mintAccessToken({ exp: Math.floor(Date.now() / 1000) - 3600 })),
    ).rejects.toMatchObject({ code: PortcullisErrorCode.TokenExpired });
    await expect(
      auth.authenticate(issuer.mintAccessToken({ aud: 'https://another.api' })),
    ).rejects.toMatchObject({ message: 'The token is not meant for this API' });
  });

  it('hands a key it holds back without a promise; an unknown kid in the cooldown is refused at once', async () => {
    const auth = await authenticator();
    const source = [...auth.keySources.values()][0];
    const alg = 'RS256';
    const kid = issuer.currentKid(alg);

    const held = source.keyFor(kid, alg);
    expect(held).toBeInstanceOf(KeyObject);
    const jwk = issuer.jwks().keys.find((k) => k.kid === kid);
    expect((held as KeyObject).equals(createPublicKey({ key: jwk!, format: 'jwk' }))).toBe(true);

    const fetches = source.fetchCount;
    expect(() => source.keyFor('never-published', alg)).toThrow(
      'The token is signed with an unknown key',
    );
    expect(source.fetchCount).toBe(fetches);
  });
});
