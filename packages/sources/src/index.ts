export type {
  Annotation,
  AnnotationKind,
  Box,
  CaptionAnnotation,
  CocoImage,
  ConversationAnnotation,
  CountAnnotation,
  DialogAnnotation,
  ExplainedAnswerAnnotation,
  LoadReport,
  MultipleChoiceAnnotation,
  ObjectAnnotation,
  ParagraphAnnotation,
  QuestionAnnotation,
  ReferringAnnotation,
  RegionAnnotation,
  SourceDataset,
  StatementAnnotation,
} from './annotation.js';
export { SourceFileError, type SourceFileErrorOptions } from './source-error.js';
export {
  readJsonMembers,
  DEFAULT_MAX_RECORD_BYTES,
  type JsonMemberItem,
  type JsonMemberStart,
  type ReadJsonMembersOptions,
} from './json/read-json-members.js';
export type { JsonMemberType } from './json/json-member-splitter.js';
export { readJsonArray, readJsonLines, type JsonRecordItem, type ReadJsonRecordsOptions } from './json/read-json-array.js';
export type { LoaderOptions } from './loader-options.js';
export { loadCocoImages, type LoadCocoImagesOptions } from './coco/load-coco-images.js';
export { loadCocoCaptions } from './coco/load-coco-captions.js';
export { loadCocoInstances } from './coco/load-coco-instances.js';
export { loadVisualGenomeImages, type LoadVisualGenomeImagesOptions, type VisualGenomeImage } from './visual-genome/load-visual-genome-images.js';
export { loadVisualGenomeRegions, type VisualGenomeLoaderOptions } from './visual-genome/load-visual-genome-regions.js';
export { loadVisualGenomeQuestions } from './visual-genome/load-visual-genome-questions.js';
export { loadVqa, type LoadVqaOptions, type VqaDataset } from './vqa/load-vqa.js';
export { discoverSources, SOURCES_MANIFEST, type DiscoveredSource, type DiscoverSourcesOptions } from './discover-sources.js';
export { knownFiles, type KnownSource } from './known-files.js';
export { loadSource, loadSourceImages, sourceLoaders, type LoadSourceContext } from './load-source.js';
export { loadAokvqa } from './a-okvqa/load-aokvqa.js';
export { loadTallyQa, type LoadTallyQaOptions } from './tallyqa/load-tallyqa.js';
export { loadVqaE } from './vqa-e/load-vqa-e.js';
export { loadVsr } from './vsr/load-vsr.js';
export { loadStVqa } from './st-vqa/load-st-vqa.js';
export { loadCocoQa, type LoadCocoQaOptions } from './coco-qa/load-coco-qa.js';
export { loadImageParagraphs, type LoadImageParagraphsOptions } from './image-paragraph/load-image-paragraphs.js';
export { loadVisDial } from './visdial/load-visdial.js';
export { loadRefcoco, type LoadRefcocoOptions, type RefcocoDataset } from './refcoco/load-refcoco.js';
export { loadInstructConversations, type InstructDataset, type LoadInstructConversationsOptions } from './instruct/load-instruct-conversations.js';
export { cocoIdFromImagePath } from './instruct/coco-image-path.js';
export { parsePickle, readPickle, readPickleList, type PickleListItem, type ReadPickleOptions } from './pickle/read-pickle.js';
export type { PickleDict, PickleValue } from './pickle/pickle-value.js';
export { PickleError } from './pickle/pickle-error.js';
