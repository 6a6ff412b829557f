/** One image to score: the candidate caption and its reference captions, already tokenized (space-separated). */
export type CaptionExample = {
  id: string | number;
  candidate: string;
  references: readonly string[];
};
