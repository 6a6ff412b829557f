import { Binary, Field, List, Schema, Struct, Utf8, type DataType } from 'apache-arrow';
import { viftFeatures } from '@vift/parquet';

const text = (name: string) => new Field(name, new Utf8(), true);
const provenance = () => new Struct(['dataset', 'task', 'template', 'annotationId'].map(text));
const listOf = (type: DataType) => new List(new Field('element', type, true));

/**
 * The Arrow schema of a vift sample: the vift layout of the Parquet package (what Hugging Face `datasets`
 * reads, its features under the "huggingface" metadata key), so Arrow and Parquet files hold the same columns.
 */
export const sampleArrowSchema = new Schema(
  [
    text('id'),
    new Field('images', listOf(new Struct([new Field('bytes', new Binary(), true), text('path')])), true),
    new Field('messages', listOf(new Struct([text('role'), text('content'), new Field('source', provenance(), true), text('meta')])), true),
    new Field('source', provenance(), true),
    text('meta'),
  ],
  new Map([['huggingface', JSON.stringify({ info: { features: viftFeatures } })]]),
);
