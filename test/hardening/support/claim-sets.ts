import fc from 'fast-check';

/**
 * A JSON object as text: its members in order, each value already JSON text, so a claim set
 * can hold a key twice or a number JavaScript cannot write (`1e400`).
 */
export type Members = ReadonlyArray<readonly [string, string]>;

/** The JSON text of an object made of `members`. */
export function objectText(members: Members): string {
  return `{${members.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
}

/** What a claim set is built from: the values that make it valid, known when it is signed. */
export interface ClaimContext {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly clientId: string;
  /** Seconds since the epoch, taken right before the token is signed. */
  readonly now: number;
}

/** A claim value chosen relative to the context, as JSON text; `undefined` leaves it out. */
export type ClaimValue = (context: ClaimContext) => string | undefined;

const text =
  (value: unknown): ClaimValue =>
  () =>
    JSON.stringify(value);
const absent: ClaimValue = () => undefined;
const literal =
  (json: string): ClaimValue =>
  () =>
    json;

/** Values of the wrong type for any claim, and JSON numbers beyond a double. */
const wrongTypes = fc.constantFrom<ClaimValue>(
  text(null),
  text(true),
  text(0),
  text(''),
  text([]),
  text({}),
  text(['x']),
  text({ value: 1 }),
  literal('1e400'),
  literal('-1e400'),
);

const jsonTexts = fc.jsonValue({ maxDepth: 2 }).map((value) => text(value));

/**
 * Offsets from now, in seconds, that stay at least 4 s away from every boundary of a 5 s
 * leeway (exp at -5, nbf and iat at +5), so a slow run cannot flip a verdict.
 */
const offset = fc.oneof(
  fc.constantFrom(-86_400, -600, -9, -1, 0, 1, 9, 600, 86_400),
  fc.integer({ min: 20, max: 1_000_000_000 }),
  fc.integer({ min: -1_000_000_000, max: -20 }),
  fc.double({ min: 20, max: 1e9, noNaN: true }),
);
const time = offset.map(
  (delta): ClaimValue =>
    ({ now }) =>
      JSON.stringify(now + delta),
);

/** Each claim: absent, one of its valid values, a near miss, or a value of another type. */
export const CLAIM_VALUES: Readonly<Record<string, fc.Arbitrary<ClaimValue>>> = {
  iss: fc.oneof(
    fc.constant<ClaimValue>(({ issuer }) => JSON.stringify(issuer)),
    fc.constant<ClaimValue>(({ issuer }) => JSON.stringify(`${issuer}/`)),
    fc.constant<ClaimValue>(({ issuer }) => JSON.stringify(issuer.toUpperCase())),
    fc.constant<ClaimValue>(({ issuer }) => JSON.stringify([issuer])),
    fc.constant(absent),
    wrongTypes,
  ),
  sub: fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }).map(text),
    fc.constantFrom(text(' '), text('test-client'), absent),
    wrongTypes,
  ),
  aud: fc.oneof(
    fc.constant<ClaimValue>(({ audiences }) => JSON.stringify(audiences[0])),
    fc.constant<ClaimValue>(({ audiences }) => JSON.stringify(audiences[1])),
    fc.constant<ClaimValue>(({ audiences }) => JSON.stringify(['other', audiences[0]])),
    fc.constant<ClaimValue>(({ audiences }) => JSON.stringify([audiences[1], 5])),
    fc.constant<ClaimValue>(({ clientId }) => JSON.stringify(clientId)),
    fc.constantFrom(text('other'), text([]), text(['other']), absent),
    wrongTypes,
  ),
  exp: fc.oneof(
    { weight: 4, arbitrary: time },
    fc.constantFrom(absent, literal('1e308')),
    wrongTypes,
  ),
  nbf: fc.oneof({ weight: 2, arbitrary: time }, fc.constant(absent), wrongTypes),
  iat: fc.oneof({ weight: 2, arbitrary: time }, fc.constant(absent), wrongTypes),
  client_id: fc.oneof(
    fc.constant<ClaimValue>(({ clientId }) => JSON.stringify(clientId)),
    fc.constant(absent),
    wrongTypes,
  ),
  jti: fc.oneof(fc.uuid().map(text), fc.constant(absent), wrongTypes),
  scope: fc.oneof(fc.constantFrom(text('read:users'), absent), jsonTexts),
  nonce: fc.oneof({ weight: 6, arbitrary: fc.constant(absent) }, jsonTexts),
  at_hash: fc.oneof({ weight: 6, arbitrary: fc.constant(absent) }, jsonTexts),
  c_hash: fc.oneof({ weight: 8, arbitrary: fc.constant(absent) }, jsonTexts),
  s_hash: fc.oneof({ weight: 8, arbitrary: fc.constant(absent) }, jsonTexts),
  cnf: fc.oneof({ weight: 8, arbitrary: fc.constant(absent) }, jsonTexts),
  typ: fc.oneof(
    { weight: 6, arbitrary: fc.constant(absent) },
    fc.constantFrom(text('ID'), text('Bearer')),
  ),
  token_use: fc.oneof(
    { weight: 6, arbitrary: fc.constant(absent) },
    fc.constantFrom(text('id'), text('access')),
  ),
};

/** The claims a valid token has, each perturbed now and then. */
const VALID: Readonly<Record<string, ClaimValue>> = {
  iss: ({ issuer }) => JSON.stringify(issuer),
  sub: text('user-1'),
  aud: ({ audiences }) => JSON.stringify(audiences[0]),
  exp: ({ now }) => JSON.stringify(now + 300),
  iat: ({ now }) => JSON.stringify(now),
  client_id: ({ clientId }) => JSON.stringify(clientId),
  jti: text('8d1e5f3c-0000-4000-8000-000000000000'),
};

/** A claim set: a valid one with a few claims changed, extra claims, maybe a duplicate key. */
export const claimSet: fc.Arbitrary<(context: ClaimContext) => Members> = fc
  .record({
    changes: fc.array(
      fc
        .constantFrom(...Object.keys(CLAIM_VALUES))
        .chain((claim) => CLAIM_VALUES[claim].map((value) => [claim, value] as const)),
      { maxLength: 3 },
    ),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 3,
    }),
    // Deep or long values: legal JSON a parser must neither choke on nor overflow with.
    bulky: fc.option(
      fc.oneof(
        fc
          .integer({ min: 50, max: 1500 })
          .map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`),
        fc
          .integer({ min: 50, max: 800 })
          .map((depth) => `${'{"roles":'.repeat(depth)}1${'}'.repeat(depth)}`),
        fc.integer({ min: 1000, max: 6000 }).map((length) => JSON.stringify('r'.repeat(length))),
      ),
      { freq: 6 },
    ),
    duplicate: fc.option(
      fc
        .constantFrom(...Object.keys(CLAIM_VALUES))
        .chain((claim) => fc.tuple(fc.constant(claim), CLAIM_VALUES[claim], fc.boolean())),
      { freq: 4 },
    ),
  })
  .map(({ changes, extra, bulky, duplicate }) => (context: ClaimContext): Members => {
    const values = new Map<string, ClaimValue>(Object.entries(VALID));
    for (const [claim, value] of changes) values.set(claim, value);
    const members: [string, string][] = [];
    for (const [claim, value] of values) {
      const json = value(context);
      if (json !== undefined) members.push([claim, json]);
    }
    for (const [key, value] of Object.entries(extra)) members.push([key, JSON.stringify(value)]);
    if (bulky !== null) members.push(['roles', bulky]);
    if (duplicate !== null) {
      const [claim, value, first] = duplicate;
      const json = value(context) ?? 'null';
      if (first) members.unshift([claim, json]);
      else members.push([claim, json]);
    }
    return members;
  });
