/** A node of a Parquet schema as vift writes it: every field optional, strings and binaries as leaves. */
export type SchemaNode =
  | { name: string; kind: 'string' }
  | { name: string; kind: 'binary' }
  | { name: string; kind: 'struct'; children: SchemaNode[] }
  /** A LIST in the three-level form every reader understands: `optional group name (LIST) { repeated group list { optional element } }`. */
  | { name: string; kind: 'list'; element: SchemaNode };

export type LeafSpec = {
  /** Path of names from the root, as the file's column chunks name it. */
  path: string[];
  maxDefinition: number;
  maxRepetition: number;
  isString: boolean;
};

export const text = (name: string): SchemaNode => ({ name, kind: 'string' });
export const binary = (name: string): SchemaNode => ({ name, kind: 'binary' });
export const struct = (name: string, children: SchemaNode[]): SchemaNode => ({ name, kind: 'struct', children });
export const list = (name: string, element: SchemaNode): SchemaNode => ({ name, kind: 'list', element });

/** The leaf columns of a schema in file order, with their maximum definition and repetition levels. */
export function leavesOf(nodes: readonly SchemaNode[]): LeafSpec[] {
  const leaves: LeafSpec[] = [];
  const visit = (node: SchemaNode, path: string[], definition: number, repetition: number) => {
    const here = [...path, node.name];
    const defined = definition + 1; // every vift field is optional
    if (node.kind === 'string' || node.kind === 'binary') {
      leaves.push({ path: here, maxDefinition: defined, maxRepetition: repetition, isString: node.kind === 'string' });
    } else if (node.kind === 'struct') {
      for (const child of node.children) visit(child, here, defined, repetition);
    } else {
      // The repeated `list` group adds a definition and a repetition level; `element` is renamed.
      visit({ ...node.element, name: 'element' }, [...here, 'list'], defined + 1, repetition + 1);
    }
  };
  for (const node of nodes) visit(node, [], 0, 0);
  return leaves;
}
