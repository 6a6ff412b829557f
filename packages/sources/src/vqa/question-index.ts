/**
 * The questions of a VQA questions file by question id, held compactly until the annotations are read:
 * one map entry, one number and one string a question (VQAv2 train has 443k).
 */
export class QuestionIndex {
  private readonly slots = new Map<number, number>();
  private readonly imageIds: number[] = [];
  private readonly texts: string[] = [];

  get size(): number {
    return this.slots.size;
  }

  /** Adds a question; false when its id is already there. */
  add(questionId: number, imageId: number, text: string): boolean {
    if (this.slots.has(questionId)) return false;
    this.slots.set(questionId, this.texts.length);
    this.imageIds.push(imageId);
    this.texts.push(text);
    return true;
  }

  get(questionId: number): { imageId: number; text: string } | undefined {
    const slot = this.slots.get(questionId);
    if (slot === undefined) return undefined;
    return { imageId: this.imageIds[slot]!, text: this.texts[slot]! };
  }
}
