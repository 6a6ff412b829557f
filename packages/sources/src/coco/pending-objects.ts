/** One instance read before the categories that name it. */
export type PendingObject = {
  annotationId: string;
  cocoId: number;
  categoryId: number;
  box: [number, number, number, number];
  crowd: boolean;
  /** The index in `annotations`, for messages. */
  index: number;
};

const PAGE_RECORDS = 1 << 16;
/** annotation id, image id, category id, x, y, width, height, index */
const STRIDE = 8;

/**
 * Instances held until the `categories` array is read (it comes after `annotations` in the official
 * files). Packed in fixed-size pages of numbers, about 65 bytes an instance, so the 860k instances of
 * train2017 take some 56 MB instead of a few hundred MB of objects, and growing never copies.
 */
export class PendingObjects {
  private readonly pages: Float64Array[] = [];
  private readonly crowdPages: Uint8Array[] = [];
  /** Annotation ids that are not whole numbers, by position (rare: none in the official files). */
  private readonly otherIds = new Map<number, string>();
  length = 0;

  push(object: PendingObject): void {
    const page = this.length >>> 16;
    const slot = this.length & (PAGE_RECORDS - 1);
    if (slot === 0) {
      this.pages.push(new Float64Array(PAGE_RECORDS * STRIDE));
      this.crowdPages.push(new Uint8Array(PAGE_RECORDS));
    }
    const numbers = this.pages[page]!;
    const at = slot * STRIDE;
    const numericId = Number(object.annotationId);
    if (Number.isSafeInteger(numericId) && String(numericId) === object.annotationId) numbers[at] = numericId;
    else {
      numbers[at] = -1;
      this.otherIds.set(this.length, object.annotationId);
    }
    numbers[at + 1] = object.cocoId;
    numbers[at + 2] = object.categoryId;
    numbers.set(object.box, at + 3);
    numbers[at + 7] = object.index;
    this.crowdPages[page]![slot] = object.crowd ? 1 : 0;
    this.length++;
  }

  /** Yields the instances in the order they were pushed, releasing each page once read. */
  *drain(): Generator<PendingObject> {
    for (let position = 0; position < this.length; position++) {
      const page = position >>> 16;
      const slot = position & (PAGE_RECORDS - 1);
      const numbers = this.pages[page]!;
      const at = slot * STRIDE;
      const numericId = numbers[at]!;
      yield {
        annotationId: numericId === -1 ? this.otherIds.get(position)! : String(numericId),
        cocoId: numbers[at + 1]!,
        categoryId: numbers[at + 2]!,
        box: [numbers[at + 3]!, numbers[at + 4]!, numbers[at + 5]!, numbers[at + 6]!],
        crowd: this.crowdPages[page]![slot] === 1,
        index: numbers[at + 7]!,
      };
      if (slot === PAGE_RECORDS - 1) {
        this.pages[page] = EMPTY_NUMBERS;
        this.crowdPages[page] = EMPTY_FLAGS;
      }
    }
    this.pages.length = 0;
    this.crowdPages.length = 0;
    this.otherIds.clear();
    this.length = 0;
  }
}

const EMPTY_NUMBERS = new Float64Array(0);
const EMPTY_FLAGS = new Uint8Array(0);
