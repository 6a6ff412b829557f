const REDACTED = '[redacted]';

/**
 * A function that blanks out secrets in text meant for messages: every occurrence of each secret (the API
 * key, authorization header values) and any `Bearer <token>`, whatever the token.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  // Longest first, so a secret that contains another is blanked out whole.
  const values = [...new Set(secrets.filter((secret): secret is string => secret !== undefined && secret.trim().length >= 4))].sort((left, right) => right.length - left.length);
  return (text) => {
    let result = text;
    for (const value of values) result = result.split(value).join(REDACTED);
    return result.replace(/\b(Bearer|Basic)\s+(?!\[redacted\])[^\s"',;}]+/gi, `$1 ${REDACTED}`);
  };
}
