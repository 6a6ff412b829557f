// Hugging Face `datasets` features, as stored under the "huggingface" key of a Parquet file's metadata.
// A list of a feature is written as a one-element JSON list, the form every `datasets` version reads.

export const stringValue = { dtype: 'string', _type: 'Value' } as const;
export const imageFeature = { _type: 'Image' } as const;

const provenance = { dataset: stringValue, task: stringValue, template: stringValue, annotationId: stringValue };

export const viftFeatures = {
  id: stringValue,
  images: [imageFeature],
  messages: [{ role: stringValue, content: stringValue, source: provenance, meta: stringValue }],
  source: provenance,
  meta: stringValue,
};

export const llavaFeatures = {
  id: stringValue,
  image: imageFeature,
  conversations: [{ from: stringValue, value: stringValue }],
  meta: stringValue,
};
