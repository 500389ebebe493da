/** Injection token of the checked, defaulted options ({@link ResolvedPortcullisOptions}). */
export const PORTCULLIS_RESOLVED_OPTIONS = Symbol('PORTCULLIS_RESOLVED_OPTIONS');

/** Injection token of the checked authorization options ({@link ResolvedAuthorizationOptions}). */
export const PORTCULLIS_AUTHORIZATION_OPTIONS = Symbol('PORTCULLIS_AUTHORIZATION_OPTIONS');
