import type { LeafData } from './column-values.js';
import type { ReadNode } from './read-schema.js';

/**
 * Rebuilds nested rows (objects, lists, nulls) from leaf columns' definition and repetition levels: the
 * record assembly of the Dremel paper, for the shapes Parquet writers use (structs, three-level LISTs and
 * the older two-level lists). One cursor per leaf walks its entries.
 */
export class RowAssembler {
  /**
   * Per leaf, the entry and the value where the next row starts. A reader that writes a row straight from
   * the leaves (see `LlavaRecordEncoder`) moves them past it instead of assembling it.
   */
  readonly positions: Int32Array;
  readonly valuePositions: Int32Array;

  /** Rows handed out so far. */
  private rowsRead = 0;

  constructor(
    private readonly root: ReadNode,
    readonly leaves: readonly LeafData[],
    private readonly leafNodes: readonly ReadNode[],
    /** Called before each row with the rows the leaves must then hold, when they are decoded as rows are read. */
    private readonly decodeRows?: (rows: number) => void,
  ) {
    this.positions = new Int32Array(leaves.length);
    this.valuePositions = new Int32Array(leaves.length);
  }

  private standInLeaf = -1;
  private standInStart = 0;
  private standIns: readonly unknown[] = [];

  /** The next row as an object keyed by top-level column name. */
  next(): Record<string, unknown> {
    this.decodeRows?.(++this.rowsRead);
    const row: Record<string, unknown> = {};
    for (const child of this.root.children) row[child.name] = this.value(child);
    return row;
  }

  /**
   * The next row with the values of one leaf taken from `standIns` (the row's k-th value of that leaf is
   * `standIns[k]`): maps a row without decoding its longest texts.
   */
  nextWithStandIns(leaf: number, standIns: readonly unknown[]): Record<string, unknown> {
    this.standInLeaf = leaf;
    this.standInStart = this.valuePositions[leaf]!;
    this.standIns = standIns;
    try {
      return this.next();
    } finally {
      this.standInLeaf = -1;
      this.standIns = [];
    }
  }

  private definitionAt(leaf: number): number {
    return this.leaves[leaf]!.definitions[this.positions[leaf]!]!;
  }

  /** The value of a node that is not itself repeated, at the cursors. */
  private value(node: ReadNode): unknown {
    if (node.repetition === 'repeated') return this.repeatedValues(node);
    if (node.repetition === 'optional' && this.definitionAt(node.firstLeaf) < node.definitionLevel) {
      this.skip(node);
      return null;
    }
    if (node.children.length === 0) return this.leafValue(node);
    if (node.isList && node.children.length === 1) return this.list(node);
    return this.struct(node);
  }

  private leafValue(node: ReadNode): unknown {
    const leaf = node.firstLeaf;
    const data = this.leaves[leaf]!;
    const definition = data.definitions[this.positions[leaf]!]!;
    this.positions[leaf]!++;
    if (definition !== this.leafNodes[leaf]!.definitionLevel) return null;
    const value = this.valuePositions[leaf]!++;
    return leaf === this.standInLeaf ? this.standIns[value - this.standInStart] : data.values.get(value);
  }

  private struct(node: ReadNode): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const child of node.children) object[child.name] = this.value(child);
    return object;
  }

  /** A LIST group: its one repeated child holds the elements. */
  private list(node: ReadNode): unknown[] {
    const repeated = node.children[0]!;
    if (repeated.repetition !== 'repeated') return [this.value(repeated)];
    return this.repeatedValues(repeated, isThreeLevel(repeated));
  }

  /** All the entries of a repeated node in the current row or element. */
  private repeatedValues(repeated: ReadNode, unwrap = false): unknown[] {
    const first = repeated.firstLeaf;
    if (this.definitionAt(first) < repeated.definitionLevel) {
      this.skip(repeated); // an empty list
      return [];
    }
    const items: unknown[] = [];
    const repetitions = this.leaves[first]!.repetitions;
    const count = this.leaves[first]!.count;
    do {
      items.push(unwrap ? this.value(repeated.children[0]!) : this.element(repeated));
    } while (this.positions[first]! < count && repetitions[this.positions[first]!]! >= repeated.repetitionLevel);
    return items;
  }

  /** One element of a two-level list: the repeated node itself, a leaf or a struct. */
  private element(repeated: ReadNode): unknown {
    if (repeated.children.length === 0) return this.leafValue(repeated);
    return this.struct(repeated);
  }

  /** Moves every leaf under `node` past one entry (a null or empty marker). */
  private skip(node: ReadNode): void {
    for (let leaf = node.firstLeaf; leaf < node.endLeaf; leaf++) {
      if (this.leaves[leaf]!.definitions[this.positions[leaf]!] === this.leafNodes[leaf]!.definitionLevel) this.valuePositions[leaf]!++;
      this.positions[leaf]!++;
    }
  }
}

/** The standard LIST form: `repeated group list { element }` with a single child that is the element. */
function isThreeLevel(repeated: ReadNode): boolean {
  return repeated.children.length === 1 && repeated.name !== 'array' && !repeated.name.endsWith('_tuple');
}
