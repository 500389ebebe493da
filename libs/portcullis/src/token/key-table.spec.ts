import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AsymmetricAlgorithm } from './token-settings';
import { AMBIGUOUS, KeyTable } from './key-table';

const rsa = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const p256 = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const entry = (kid: string | undefined, key: KeyObject, alg?: AsymmetricAlgorithm) => ({
  kid,
  alg,
  key,
});

describe('KeyTable', () => {
  const [rsaA, rsaB, ecA] = [rsa(), rsa(), p256()];

  it('keeps two keys of one kid and picks by the token alg and the key type', () => {
    const table = new KeyTable([entry('k', rsaA, 'RS256'), entry('k', ecA, 'ES256')]);
    const choices = table.lookup('k');

    expect(choices?.get('RS256')).toBe(rsaA);
    expect(choices?.get('ES256')).toBe(ecA);
    // Neither key serves an alg it does not fit or that its JWK does not state.
    expect([...(choices?.keys() ?? [])].sort()).toEqual(['ES256', 'RS256']);
    expect([table.size, table.ambiguities]).toEqual([2, []]);
  });

  it('an alg-less RSA key serves every RS and PS alg, an alg-less EC key its curve only', () => {
    const table = new KeyTable([entry('r', rsaA), entry('e', ecA)]);
    expect([...(table.lookup('r')?.keys() ?? [])]).toEqual([
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
    ]);
    expect([...(table.lookup('e')?.keys() ?? [])]).toEqual(['ES256']);
  });

  it('two different keys for one kid and alg: that pair is ambiguous, the others are not', () => {
    const table = new KeyTable([entry('k', rsaA), entry('k', rsaB, 'RS256'), entry('k', ecA)]);
    const choices = table.lookup('k');

    expect(choices?.get('RS256')).toBe(AMBIGUOUS);
    expect(choices?.get('PS256')).toBe(rsaA);
    expect(choices?.get('ES256')).toBe(ecA);
    expect(table.ambiguities).toEqual([{ kid: 'k', alg: 'RS256' }]);
    expect(table.size).toBe(3);
  });

  it('the same key listed twice under one kid is one key, not an ambiguity', () => {
    // Two KeyObjects of the same material, as two JWKS entries give.
    const twin = createPublicKey({ key: rsaA.export({ format: 'jwk' }), format: 'jwk' });
    const table = new KeyTable([entry('k', rsaA, 'RS256'), entry('k', twin, 'RS256')]);
    expect([table.size, table.ambiguities]).toEqual([1, []]);
    expect(table.lookup('k')?.get('RS256')).toBe(rsaA);
  });

  it('a token without kid finds a key only when the set holds exactly one', () => {
    expect(new KeyTable([entry('only', ecA)]).lookup(undefined)?.get('ES256')).toBe(ecA);
    expect(new KeyTable([entry(undefined, ecA)]).lookup(undefined)?.get('ES256')).toBe(ecA);
    expect(new KeyTable([entry('a', ecA), entry('b', rsaA)]).lookup(undefined)).toBeUndefined();
    expect(new KeyTable([entry('a', ecA)]).lookup('b')).toBeUndefined();
    expect(KeyTable.EMPTY.lookup(undefined)).toBeUndefined();
  });
});
