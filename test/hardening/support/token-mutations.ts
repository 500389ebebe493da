import fc from 'fast-check';

/** Index of a compact JWS segment: header, payload, signature. */
export type SegmentIndex = 0 | 1 | 2;

/** One way to damage a signed token; {@link applyMutation} carries it out. */
export type TokenMutation =
  | { kind: 'flip-byte'; segment: SegmentIndex; at: number; xor: number }
  | { kind: 'replace-char'; segment: SegmentIndex; at: number; char: string }
  | { kind: 'truncate'; segment: SegmentIndex; keep: number }
  | { kind: 'append'; segment: SegmentIndex; text: string }
  | { kind: 'drop-segment'; segment: SegmentIndex }
  | { kind: 'repeat-segment'; segment: SegmentIndex }
  | { kind: 'swap-segments'; a: SegmentIndex; b: SegmentIndex }
  | { kind: 'extra-segments'; parts: string[] }
  | { kind: 'reencode'; segment: SegmentIndex; padding: boolean; standardAlphabet: boolean }
  | { kind: 'noncanonical-tail'; segment: SegmentIndex; bits: number }
  | { kind: 'set-header'; field: string; value: unknown }
  | { kind: 'swap-header'; a: string; b: string }
  | { kind: 'set-claim'; claim: string; value: unknown }
  | { kind: 'huge-claim'; claim: string; size: number }
  | { kind: 'deep-claim'; claim: string; depth: number; opener: '[' | '{"a":' }
  | { kind: 'duplicate-key'; segment: 0 | 1; key: string; value: unknown; first: boolean }
  | { kind: 'respace-json'; segment: 0 | 1 };

const segment = fc.constantFrom<SegmentIndex>(0, 1, 2);
const jsonSegment = fc.constantFrom<0 | 1>(0, 1);
/** The base64url alphabet, in value order. */
export const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Characters a `Bearer` value may carry (b64token) and a few that it may not. */
const tokenChar = fc.oneof(
  fc.constantFrom(...B64URL.split('')),
  fc.constantFrom('+', '/', '=', '.', '~', ' ', '%', '"', '\\', '\u00e9', '\t'),
);

const HEADER_FIELDS = ['alg', 'kid', 'typ', 'crit', 'jku', 'jwk', 'x5u', 'x5c', 'cty', 'b64'];
const CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'client_id', 'scope', 'azp'];

/** A JSON value of any type, with the edge cases of JWT parsers weighted in. */
export const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    '',
    'none',
    'HS256',
    'RS256',
    'ES256',
    'nOnE',
    'at+jwt',
    'JWT',
    [],
    {},
    ['exp'],
    '1999999999',
  ),
);

/** Every {@link TokenMutation}, with small sizes favoured. */
export const tokenMutation: fc.Arbitrary<TokenMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('flip-byte' as const),
    segment,
    at: fc.nat(),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({ kind: fc.constant('replace-char' as const), segment, at: fc.nat(), char: tokenChar }),
  fc.record({ kind: fc.constant('truncate' as const), segment, keep: fc.nat() }),
  fc.record({
    kind: fc.constant('append' as const),
    segment,
    text: fc.string({ unit: tokenChar, minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('drop-segment' as const), segment }),
  fc.record({ kind: fc.constant('repeat-segment' as const), segment }),
  fc.record({ kind: fc.constant('swap-segments' as const), a: segment, b: segment }),
  fc.record({
    kind: fc.constant('extra-segments' as const),
    parts: fc.array(fc.string({ unit: tokenChar, maxLength: 12 }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('reencode' as const),
    segment,
    padding: fc.boolean(),
    standardAlphabet: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('noncanonical-tail' as const),
    segment,
    bits: fc.integer({ min: 1, max: 15 }),
  }),
  fc.record({
    kind: fc.constant('set-header' as const),
    field: fc.constantFrom(...HEADER_FIELDS),
    value: anyJsonValue,
  }),
  fc.record({
    kind: fc.constant('swap-header' as const),
    a: fc.constantFrom(...HEADER_FIELDS),
    b: fc.constantFrom(...HEADER_FIELDS),
  }),
  fc.record({
    kind: fc.constant('set-claim' as const),
    claim: fc.constantFrom(...CLAIMS),
    value: anyJsonValue,
  }),
  fc.record({
    kind: fc.constant('huge-claim' as const),
    claim: fc.constantFrom(...CLAIMS, 'roles', 'x'),
    size: fc.integer({ min: 1000, max: 10_000 }),
  }),
  fc.record({
    kind: fc.constant('deep-claim' as const),
    claim: fc.constantFrom(...CLAIMS, 'roles', 'realm_access'),
    depth: fc.integer({ min: 100, max: 2_000 }),
    opener: fc.constantFrom<'[' | '{"a":'>('[', '{"a":'),
  }),
  fc.record({
    kind: fc.constant('duplicate-key' as const),
    segment: jsonSegment,
    key: fc.constantFrom(...HEADER_FIELDS, ...CLAIMS),
    value: anyJsonValue,
    first: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('respace-json' as const), segment: jsonSegment }),
);
