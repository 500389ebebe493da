import { JWK_CURVES, type JwkCurve } from './key-algorithms';

/** Smallest RSA modulus accepted, in bits (RFC 7518 section 3.3). */
export const MIN_RSA_BITS = 2048;
/**
 * Largest RSA modulus accepted, in bits: OpenSSL's own ceiling. A bigger modulus is no
 * safer, and a hostile JWKS could otherwise make every signature check slow.
 */
export const MAX_RSA_BITS = 16384;
/**
 * Longest RSA public exponent accepted, in bits. Real keys use 65537 (17 bits) or 3;
 * OpenSSL refuses exponents over 64 bits with a modulus over 3072 bits, and a long
 * exponent makes each check as slow as a private-key operation.
 */
export const MAX_RSA_EXPONENT_BITS = 64;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Base64url (RFC 7515 section 2: no padding, no other character) to bytes, or undefined. */
function decodeBase64url(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || !BASE64URL.test(value) || value.length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(value, 'base64url');
}

/** An unsigned big-endian integer (RFC 7518 section 2, Base64urlUInt). */
function toBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/**
 * Why an RSA JWK's `n` and `e` must not verify anything, or undefined when they may.
 * RFC 8017 section 3.1: `n` is a product of odd primes (so odd), `3 <= e < n`, `e` odd.
 * An exponent of 1 makes any "signature" that is the padded hash itself verify.
 */
export function rsaMaterialProblem(n: unknown, e: unknown): string | undefined {
  const modulusBytes = decodeBase64url(n);
  const exponentBytes = decodeBase64url(e);
  if (!modulusBytes || !exponentBytes) return 'n and e must be base64url strings';
  const modulus = toBigInt(modulusBytes);
  const exponent = toBigInt(exponentBytes);
  const bits = bitLength(modulus);
  if (bits < MIN_RSA_BITS) {
    return `the RSA modulus has ${bits} bits, fewer than ${MIN_RSA_BITS} (RFC 7518 section 3.3)`;
  }
  if (bits > MAX_RSA_BITS) return `the RSA modulus has ${bits} bits, more than ${MAX_RSA_BITS}`;
  if (modulus % 2n === 0n) return 'the RSA modulus is even (RFC 8017 section 3.1)';
  if (exponent < 3n) {
    return `the RSA public exponent is ${exponent}, below 3 (RFC 8017 section 3.1)`;
  }
  if (exponent % 2n === 0n) return 'the RSA public exponent is even (RFC 8017 section 3.1)';
  if (exponent >= modulus) {
    return 'the RSA public exponent is not below the modulus (RFC 8017 section 3.1)';
  }
  if (bitLength(exponent) > MAX_RSA_EXPONENT_BITS) {
    return `the RSA public exponent is longer than ${MAX_RSA_EXPONENT_BITS} bits`;
  }
  return undefined;
}

/** Field prime and `b` of each curve `y^2 = x^3 - 3x + b` (SEC 2, FIPS 186-5). */
const CURVE_EQUATIONS: Readonly<Record<string, { p: bigint; b: bigint }>> = {
  'P-256': {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
};

/**
 * Why an EC JWK's `x` and `y` are not a point of its curve, or undefined when they are.
 * Coordinates are full-size (RFC 7518 section 6.2.1.2), below the field prime, and
 * satisfy the curve equation: a point off the curve is the invalid-curve attack's tool.
 */
export function ecPointProblem(
  crv: string,
  curve: JwkCurve,
  x: unknown,
  y: unknown,
): string | undefined {
  const xBytes = decodeBase64url(x);
  const yBytes = decodeBase64url(y);
  if (!xBytes || !yBytes) return 'x and y must be base64url strings';
  if (xBytes.length !== curve.bytes || yBytes.length !== curve.bytes) {
    return `x and y must be ${curve.bytes} bytes each for ${crv} (RFC 7518 section 6.2.1.2)`;
  }
  const { p, b } = CURVE_EQUATIONS[crv];
  const px = toBigInt(xBytes);
  const py = toBigInt(yBytes);
  if (px >= p || py >= p) return `the point is outside the field of ${crv}`;
  const lhs = (py * py) % p;
  const rhs = (((px * px * px - 3n * px + b) % p) + p) % p;
  return lhs === rhs ? undefined : `the point is not on the curve ${crv}`;
}

/** The curve of a JWK `crv`, if Portcullis verifies it. */
export function curveOf(crv: unknown): JwkCurve | undefined {
  return typeof crv === 'string' && Object.hasOwn(JWK_CURVES, crv) ? JWK_CURVES[crv] : undefined;
}
