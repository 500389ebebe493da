import { PortcullisConfigError } from '../errors/portcullis-config.error';

/** A plain object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An absolute http(s) URL, or the error naming `option`. */
export function httpUrl(option: string, value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new PortcullisConfigError(
      option,
      `must be an absolute URL, got ${JSON.stringify(value)}`,
    );
  }
  const { protocol } = new URL(value);
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new PortcullisConfigError(option, `must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A finite number >= 0, or `fallback` when left out. */
export function nonNegative(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PortcullisConfigError(option, `must be a number >= 0, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A whole number >= `min`, or `fallback` when left out. */
export function wholeNumber(option: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new PortcullisConfigError(
      option,
      `must be a whole number >= ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** `true` or `false`, or `fallback` when left out. */
export function flag(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new PortcullisConfigError(option, `must be true or false, got ${JSON.stringify(value)}`);
  }
  return value;
}
