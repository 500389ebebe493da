/** Injection token of the resolved options ({@link ResolvedOptions}), one per module. */
export const PORTCULLIS_RESOLVED_OPTIONS = Symbol('PORTCULLIS_RESOLVED_OPTIONS');
