/** Thrown when compressed bytes are truncated, corrupt or disagree with the length they claim. */
export class CompressionFormatError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CompressionFormatError';
  }
}
