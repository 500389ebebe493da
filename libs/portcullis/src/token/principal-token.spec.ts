import { inspect } from 'node:util';
import { resolveOptions } from '../options/resolve-options';
import type { Principal } from '../principal/principal';
import { TestIssuer } from '../../testing';
import { AccessTokenAuthenticator } from './access-token.authenticator';
import { accessTokenOf } from './principal-token';

describe('the token a principal was verified from', () => {
  let issuer: TestIssuer;
  let auth: AccessTokenAuthenticator;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    const options = resolveOptions(issuer.moduleOptions());
    auth = new AccessTokenAuthenticator(options.token, options.keys);
    await auth.warmUp();
  });

  afterAll(async () => {
    await issuer.stop();
  });

  it('is handed back for propagation, from a fresh verification and from the cache', async () => {
    const token = issuer.mintAccessToken({ sub: 'alice' });
    expect(accessTokenOf(await auth.authenticate(token))).toBe(token);
    await auth.authenticate(token);
    const cached = auth.cachedPrincipal(token);
    expect(cached).toBeDefined();
    expect(accessTokenOf(cached as Principal)).toBe(token);
  });

  it('never shows in what apps log or serialise', async () => {
    const token = issuer.mintAccessToken({ sub: 'bob' });
    const principal = await auth.authenticate(token);
    const signature = token.slice(token.lastIndexOf('.') + 1);
    expect(JSON.stringify(principal)).not.toContain(signature);
    expect(inspect(principal, { depth: 5 })).not.toContain(signature);
    expect(JSON.stringify({ ...principal })).not.toContain(signature);
    expect(Object.keys(principal)).not.toContain('token');
    expect(Object.isFrozen(principal)).toBe(true);
  });

  it('is undefined for a principal Portcullis did not verify', () => {
    const made = { sub: 'carol' } as unknown as Principal;
    expect(accessTokenOf(made)).toBeUndefined();
  });
});
