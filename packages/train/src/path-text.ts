/** Joins path pieces with "/" (the plans are text for POSIX machines; nothing here touches a file system). */
export function joinPath(...pieces: string[]): string {
  return pieces.reduce((joined, piece) => (joined === '' ? piece : `${joined.replace(/\/+$/, '')}/${piece.replace(/^\/+/, '')}`), '');
}

/** A number as a command-line value: small ones in exponent form as training scripts show them (2e-5). */
export function argumentNumber(value: number): string {
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential() : String(value);
}
