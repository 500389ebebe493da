import { randomBytes } from 'node:crypto';
import { TokenAdmission } from './token-admission';

/** A token-shaped string whose signature segment is random, as an issuer's are. */
function token(): string {
  return `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.${randomBytes(256).toString('base64url')}`;
}

describe('TokenAdmission', () => {
  it('admits a token on its second sight, not its first', () => {
    const admission = new TokenAdmission(10_000);
    const first = token();
    const other = token();
    expect(admission.admits(first)).toBe(false);
    expect(admission.admits(other)).toBe(false);
    expect(admission.admits(first)).toBe(true);
    expect(admission.admits(other)).toBe(true);
  });

  it('holds a fixed table: a quarter to a half of the cache entries, at least 16 slots', () => {
    expect(new TokenAdmission(10_000).capacity).toBe(4096);
    expect(new TokenAdmission(1_000).capacity).toBe(256);
    expect(new TokenAdmission(1).capacity).toBe(16);
    const admission = new TokenAdmission(1_000);
    for (let i = 0; i < 20_000; i++) admission.admits(token());
    expect(admission.capacity).toBe(256);
  });

  it('forgets a token once enough others came after it: it would not have stayed cached', () => {
    const admission = new TokenAdmission(1_000);
    const early = Array.from({ length: 200 }, token);
    for (const t of early) admission.admits(t);
    for (let i = 0; i < 5_000; i++) admission.admits(token());
    const admitted = early.filter((t) => admission.admits(t)).length;
    expect(admitted).toBeLessThan(10);
  });

  it('admits almost no token seen once among many distinct ones', () => {
    const admission = new TokenAdmission(10_000);
    let admitted = 0;
    for (let i = 0; i < 50_000; i++) if (admission.admits(token())) admitted++;
    // A fingerprint collision admits a token early: harmless (the cache compares whole
    // tokens), and rare with 31-bit tags.
    expect(admitted).toBeLessThan(5);
  });

  it('admits a token too short to fingerprint at once (never a signed one)', () => {
    expect(new TokenAdmission(100).admits('a.b.c')).toBe(true);
  });
});
