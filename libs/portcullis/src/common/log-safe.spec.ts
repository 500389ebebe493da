import { logSafe } from './log-safe';

describe('logSafe', () => {
  it('escapes CR and LF so a value cannot start a new log line', () => {
    expect(logSafe('bob\r\nINJECTED')).toBe('bob\\r\\nINJECTED');
  });

  it('escapes other controls, DEL, Unicode line separators and bidi overrides', () => {
    expect(logSafe('a\u0000b\u001bc\u007fd\u2028e\u202ef')).toBe(
      'a\\u0000b\\u001bc\\u007fd\\u2028e\\u202ef',
    );
  });

  it('keeps ordinary text, quotes and non-Latin letters as they are', () => {
    expect(logSafe(`alice 'ü' "x" 日本`)).toBe(`alice 'ü' "x" 日本`);
  });

  it('cuts long values to 200 characters and says so', () => {
    const logged = logSafe('x'.repeat(10_000));
    expect(logged).toBe(`${'x'.repeat(200)}...(cut)`);
  });

  it('stringifies non-strings', () => {
    expect(logSafe(42)).toBe('42');
    expect(logSafe(undefined)).toBe('undefined');
  });
});
