import type { SchemaElementInfo } from './file-footer.js';

/** A schema node with the levels at which it is defined and repeated, as the assembler needs them. */
export type ReadNode = {
  name: string;
  repetition: 'required' | 'optional' | 'repeated';
  children: ReadNode[];
  isList: boolean;
  definitionLevel: number;
  repetitionLevel: number;
  /** For a leaf: its index among the leaves; for a group: its first leaf's. */
  firstLeaf: number;
  /** For a leaf: the index past it; for a group: past its last leaf. */
  endLeaf: number;
  element?: SchemaElementInfo;
};

const repetitionNames = ['required', 'optional', 'repeated'] as const;
const LIST_CONVERTED = 3;
const LIST_LOGICAL = 3;

/** Builds the node tree of a flat Parquet schema (depth first, with child counts). */
export function readSchemaTree(elements: readonly SchemaElementInfo[]): ReadNode {
  let position = 0;
  let leaves = 0;
  const build = (parentDefinition: number, parentRepetition: number, isRoot: boolean): ReadNode => {
    const element = elements[position++];
    if (element === undefined) throw new RangeError('the schema ends early');
    const repetition = isRoot ? 'required' : repetitionNames[element.repetition ?? 0] ?? 'required';
    const definitionLevel = parentDefinition + (repetition === 'required' ? 0 : 1);
    const repetitionLevel = parentRepetition + (repetition === 'repeated' ? 1 : 0);
    const node: ReadNode = {
      name: element.name,
      repetition,
      children: [],
      isList: element.convertedType === LIST_CONVERTED || element.logicalType === LIST_LOGICAL,
      definitionLevel,
      repetitionLevel,
      firstLeaf: leaves,
      endLeaf: leaves,
      element,
    };
    if (element.numChildren === 0 && !isRoot) {
      leaves++;
    } else {
      for (let child = 0; child < element.numChildren; child++) node.children.push(build(definitionLevel, repetitionLevel, false));
    }
    node.endLeaf = leaves;
    return node;
  };
  return build(0, 0, true);
}

/** The leaves of a tree in column order. */
export function leafNodes(root: ReadNode): ReadNode[] {
  const leaves: ReadNode[] = [];
  const visit = (node: ReadNode) => {
    if (node.children.length === 0) leaves.push(node);
    else node.children.forEach(visit);
  };
  root.children.forEach(visit);
  return leaves;
}
