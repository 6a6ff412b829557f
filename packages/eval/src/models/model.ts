/** One question of a dialog; earlier turns carry the model's own answers. */
export type DialogTurn = { question: string; answer?: string };

/** An image as encoded bytes (JPEG, PNG, GIF or WebP). */
export type ModelImage = { bytes: Uint8Array; mediaType?: string };

export type ModelRequest = {
  /** The benchmark question the last turn asks, when it is one (distractor turns have none). */
  questionId?: string | number;
  /** `single`, `chained` or `distractor`: lets a predictions file hold answers per protocol. */
  protocol: string;
  dialogId: string;
  /** Index of the turn being answered (the last of `turns`). */
  turn: number;
  image?: ModelImage;
  /** The dialog so far, the question to answer last. */
  turns: readonly DialogTurn[];
  signal?: AbortSignal;
};

/** A model adapter: answers the last turn of a dialog about one image. */
export type Model = {
  readonly specificationVersion: 'v1';
  readonly name: string;
  respond(request: ModelRequest): Promise<string>;
};
