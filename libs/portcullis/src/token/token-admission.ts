/** Characters of the signature that make a token's fingerprint (two halves of eight). */
const FINGERPRINT_CHARS = 16;

/** FNV-1a over `count` characters of `text` from `start`, as an unsigned 32-bit number. */
function fnv1a(text: string, start: number, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + count; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Which verified tokens are worth a place in the verified-token cache: those seen a second
 * time. Most tokens a busy API sees once are never seen again (one-time tokens, a client's
 * last call before its token expires), and caching them costs an insertion, a principal
 * kept until the garbage collector promotes it, then an eviction, all for nothing.
 *
 * The first sight of a verified token leaves only a fingerprint in a fixed table of 32-bit
 * slots (a "doorkeeper", as in TinyLFU); a second sight while the fingerprint is still there
 * admits the token. The table never grows (4 bytes a slot), and only tokens whose signature
 * was verified write to it, so garbage cannot touch it. A fingerprint is a hint, never a key:
 * two tokens sharing one only means the second is admitted on its first sight; the cache
 * itself is keyed by the token and compares it whole.
 *
 * The table holds a quarter to a half as many slots as the cache has entries (a fingerprint
 * lasts about as many first sights as there are slots): a token that comes back only after
 * more distinct tokens than the cache holds would be evicted before its next return
 * anyway, so remembering it longer would admit entries that are never read.
 */
export class TokenAdmission {
  private readonly slots: Uint32Array;
  private readonly mask: number;

  constructor(cacheEntries: number) {
    let size = 16;
    while (size * 4 <= cacheEntries) size *= 2;
    this.slots = new Uint32Array(size);
    this.mask = size - 1;
  }

  /**
   * True when `token` (verified, so signed by a trusted issuer) was offered before and is
   * still remembered; otherwise remembers it and answers false. The fingerprint is read from
   * the end of the signature (its last character, which may carry padding bits, left out):
   * an issuer's signatures are unpredictable, so no hashing of the whole token is needed.
   */
  admits(token: string): boolean {
    const end = token.length - 1;
    if (end < FINGERPRINT_CHARS) return true;
    const half = FINGERPRINT_CHARS / 2;
    const slot = fnv1a(token, end - FINGERPRINT_CHARS, half) & this.mask;
    // Never 0, so an empty slot matches nothing.
    const tag = (fnv1a(token, end - half, half) | 1) >>> 0;
    if (this.slots[slot] === tag) {
      this.slots[slot] = 0;
      return true;
    }
    this.slots[slot] = tag;
    return false;
  }

  /** Slots in the table: its memory is 4 bytes each. */
  get capacity(): number {
    return this.slots.length;
  }
}
