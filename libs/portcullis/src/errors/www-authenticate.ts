/** The parameters of a `WWW-Authenticate: Bearer` challenge (RFC 6750 section 3). */
export interface BearerChallenge {
  realm?: string;
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  errorDescription?: string;
  scope?: string;
}

/**
 * Quotes a value for an auth-param: RFC 6750 allows only printable ASCII without
 * `"` and `\` in these values, so anything else is replaced rather than escaped.
 */
function quoted(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out += c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c ? value[i] : c === 0x22 ? "'" : ' ';
  }
  return `"${out}"`;
}

/** Builds the `WWW-Authenticate` header value for a Bearer challenge. */
export function bearerChallenge(challenge: BearerChallenge): string {
  const params: string[] = [];
  if (challenge.realm !== undefined) params.push(`realm=${quoted(challenge.realm)}`);
  if (challenge.error !== undefined) params.push(`error=${quoted(challenge.error)}`);
  if (challenge.errorDescription !== undefined) {
    params.push(`error_description=${quoted(challenge.errorDescription)}`);
  }
  if (challenge.scope !== undefined) params.push(`scope=${quoted(challenge.scope)}`);
  return params.length > 0 ? `Bearer ${params.join(', ')}` : 'Bearer';
}
