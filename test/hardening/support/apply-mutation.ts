import { B64URL, type SegmentIndex, type TokenMutation } from './token-mutations';

const b64 = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64url');
const decoded = (part: string): Buffer => Buffer.from(part, 'base64url');
const jsonText = (part: string): string => decoded(part).toString('utf8');

function withSegment(parts: string[], index: SegmentIndex, next: string): string {
  const copy = [...parts];
  copy[index] = next;
  return copy.join('.');
}

/** The JSON text of a segment with `"key":value` added at its start or end (a duplicate). */
function duplicateKey(text: string, key: string, value: unknown, first: boolean): string {
  const member = `${JSON.stringify(key)}:${JSON.stringify(value ?? null)}`;
  return first ? `{${member},${text.slice(1)}` : `${text.slice(0, -1)},${member}}`;
}

function editJson(part: string, edit: (object: Record<string, unknown>) => string): string {
  const parsed: unknown = JSON.parse(jsonText(part));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('not a JSON object');
  }
  return b64(edit(parsed as Record<string, unknown>));
}

/** A segment's base64url text with the unused low bits of its last character set. */
function noncanonicalTail(part: string, bits: number): string {
  const unused = { 2: 4, 3: 2 }[(part.length % 4) as 2 | 3];
  if (unused === undefined || part.length === 0) return part;
  const last = B64URL.indexOf(part[part.length - 1]);
  const tail = B64URL[(last & ~((1 << unused) - 1)) | (bits & ((1 << unused) - 1))];
  return part.slice(0, -1) + tail;
}

function reencode(part: string, padding: boolean, standardAlphabet: boolean): string {
  let text = decoded(part).toString(standardAlphabet ? 'base64' : 'base64url');
  if (!padding) text = text.replace(/=+$/, '');
  else if (!standardAlphabet) text = text.padEnd(Math.ceil(text.length / 4) * 4, '=');
  return text;
}

function nested(depth: number, opener: '[' | '{"a":'): string {
  const closer = opener === '[' ? ']' : '}';
  return opener.repeat(depth) + '1' + closer.repeat(depth);
}

/**
 * Applies a mutation to a compact JWS. The result may be the token itself: a JSON edit of a
 * segment that an earlier mutation left unreadable changes nothing.
 */
export function applyMutation(token: string, m: TokenMutation): string {
  try {
    return mutate(token.split('.'), m);
  } catch {
    return token;
  }
}

function mutate(parts: string[], m: TokenMutation): string {
  const token = parts.join('.');
  switch (m.kind) {
    case 'flip-byte': {
      const bytes = decoded(parts[m.segment]);
      if (bytes.length === 0) return token;
      bytes[m.at % bytes.length] ^= m.xor;
      return withSegment(parts, m.segment, b64(bytes));
    }
    case 'replace-char': {
      const part = parts[m.segment];
      const at = m.at % Math.max(part.length, 1);
      return withSegment(parts, m.segment, part.slice(0, at) + m.char + part.slice(at + 1));
    }
    case 'truncate':
      return withSegment(
        parts,
        m.segment,
        parts[m.segment].slice(0, m.keep % parts[m.segment].length),
      );
    case 'append':
      return withSegment(parts, m.segment, parts[m.segment] + m.text);
    case 'drop-segment':
      return parts.filter((_, i) => i !== m.segment).join('.');
    case 'repeat-segment':
      return [...parts.slice(0, m.segment + 1), ...parts.slice(m.segment)].join('.');
    case 'swap-segments': {
      const copy = [...parts];
      [copy[m.a], copy[m.b]] = [copy[m.b], copy[m.a]];
      return copy.join('.');
    }
    case 'extra-segments':
      return [...parts, ...m.parts].join('.');
    case 'reencode':
      return withSegment(
        parts,
        m.segment,
        reencode(parts[m.segment], m.padding, m.standardAlphabet),
      );
    case 'noncanonical-tail':
      return withSegment(parts, m.segment, noncanonicalTail(parts[m.segment], m.bits));
    case 'set-header':
      return withSegment(
        parts,
        0,
        editJson(parts[0], (h) => JSON.stringify({ ...h, [m.field]: m.value })),
      );
    case 'swap-header':
      return withSegment(
        parts,
        0,
        editJson(parts[0], (h) => JSON.stringify({ ...h, [m.a]: h[m.b], [m.b]: h[m.a] })),
      );
    case 'set-claim':
      return withSegment(
        parts,
        1,
        editJson(parts[1], (p) => JSON.stringify({ ...p, [m.claim]: m.value })),
      );
    case 'huge-claim':
      return withSegment(
        parts,
        1,
        editJson(parts[1], (p) => JSON.stringify({ ...p, [m.claim]: 'x'.repeat(m.size) })),
      );
    case 'deep-claim': {
      const text = jsonText(parts[1]);
      return withSegment(
        parts,
        1,
        b64(`${text.slice(0, -1)},"${m.claim}":${nested(m.depth, m.opener)}}`),
      );
    }
    case 'duplicate-key':
      return withSegment(
        parts,
        m.segment,
        b64(duplicateKey(jsonText(parts[m.segment]), m.key, m.value, m.first)),
      );
    case 'respace-json':
      return withSegment(
        parts,
        m.segment,
        editJson(parts[m.segment], (o) => JSON.stringify(o, null, 1)),
      );
  }
}

/**
 * Whether `candidate` is the same token as `original` once decoded: three segments whose
 * bytes are those of the original (base64url allows other spellings of the last character).
 */
export function decodesToSameToken(candidate: string, original: string): boolean {
  const a = candidate.split('.');
  const b = original.split('.');
  if (a.length !== 3) return false;
  return a.every((part, i) => /^[A-Za-z0-9_-]*$/.test(part) && decoded(part).equals(decoded(b[i])));
}
