/**
 * What every loader yields: one annotation about one COCO image, in the words of its source but in one
 * shape per kind, so the task generators never see a source's file format. Boxes are in pixels of the
 * image, `[x, y, width, height]` like COCO; generators normalise them.
 */

/** The annotation sets vift reads; the name is what turn provenance and statistics call the source. */
export type SourceDataset =
  | 'coco-caption'
  | 'coco-instances'
  | 'vg-region'
  | 'vg-qa'
  | 'vqav2'
  | 'ok-vqa'
  | 'a-okvqa'
  | 'tallyqa'
  | 'vqa-e'
  | 'vsr'
  | 'st-vqa'
  | 'coco-qa'
  | 'image-paragraph'
  | 'visdial'
  | 'refcoco'
  | 'refcoco+'
  | 'refcocog'
  | 'llava-instruct'
  | 'sharegpt4v'
  | 'lvis-instruct4v';

/** A pixel box `[x, y, width, height]`. */
export type Box = [number, number, number, number];

type Common = {
  dataset: SourceDataset;
  cocoId: number;
  /** The source's own id for this annotation (question id, caption id, ref id...), as a string. */
  annotationId: string;
};

export type CaptionAnnotation = Common & { kind: 'caption'; text: string };
/** A multi-sentence description (Image Paragraph Captioning). */
export type ParagraphAnnotation = Common & { kind: 'paragraph'; text: string };
/** Open question with a short answer; `answers` holds every annotator's answer when the source has them. */
export type QuestionAnnotation = Common & { kind: 'question'; question: string; answer: string; answers?: string[] };
/** A counting question (TallyQA): the answer is a whole number. */
export type CountAnnotation = Common & { kind: 'count'; question: string; answer: number };
/** A short answer with a sentence that explains it (VQA-E). */
export type ExplainedAnswerAnnotation = Common & { kind: 'explained-answer'; question: string; answer: string; explanation: string };
/** Multiple choice with rationales (A-OKVQA): `answerIndex` points into `choices`. */
export type MultipleChoiceAnnotation = Common & {
  kind: 'multiple-choice';
  question: string;
  choices: string[];
  answerIndex: number;
  rationales: string[];
};
/** A statement about the image that is true or false (VSR). */
export type StatementAnnotation = Common & { kind: 'statement'; statement: string; label: boolean; relation?: string };
/** One object instance with its category (COCO instances). */
export type ObjectAnnotation = Common & { kind: 'object'; category: string; box: Box; crowd: boolean };
/** A phrase that describes one region (VG region descriptions). */
export type RegionAnnotation = Common & { kind: 'region'; phrase: string; box: Box };
/** Referring expressions for one object (RefCOCO, RefCOCO+, RefCOCOg). */
export type ReferringAnnotation = Common & { kind: 'referring'; expressions: string[]; box: Box; category?: string };
/** A question-answer dialog about the image (VisDial), with the caption it started from. */
export type DialogAnnotation = Common & { kind: 'dialog'; caption?: string; rounds: { question: string; answer: string }[] };
/** A conversation written by a model (LLaVA-Instruct, ShareGPT4V, LVIS-Instruct4V), passed through as it is. */
export type ConversationAnnotation = Common & {
  kind: 'conversation';
  /** The source's task name when it has one (for LLaVA-Instruct: conversation, detail, complex_reasoning). */
  task?: string;
  /** User and assistant turns alternating, starting with the user; `<image>` placeholders removed. */
  turns: { role: 'user' | 'assistant'; text: string }[];
};

export type Annotation =
  | CaptionAnnotation
  | ParagraphAnnotation
  | QuestionAnnotation
  | CountAnnotation
  | ExplainedAnswerAnnotation
  | MultipleChoiceAnnotation
  | StatementAnnotation
  | ObjectAnnotation
  | RegionAnnotation
  | ReferringAnnotation
  | DialogAnnotation
  | ConversationAnnotation;

export type AnnotationKind = Annotation['kind'];

/** A COCO image as the sources know it: its size is needed to normalise boxes. */
export type CocoImage = { cocoId: number; fileName: string; width: number; height: number; split?: string };

/** What a loader counted besides what it yielded; printed by `vift build` and kept in the statistics. */
export type LoadReport = {
  dataset: SourceDataset;
  file: string;
  /** Annotations yielded. */
  annotations: number;
  /** Annotations on images that are not COCO images (VG images without `coco_id`), dropped. */
  droppedNotCoco: number;
  /** Annotations whose image is not in the image list the loader was given, dropped. */
  droppedUnknownImage: number;
  /** Records that could not be read, dropped; each with the one-line reason (the first few kept). */
  droppedMalformed: number;
  examples: string[];
};
