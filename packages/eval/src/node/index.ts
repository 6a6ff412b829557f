export { EvalFileError } from './eval-file-error.js';
export { readJsonLines, type JsonRecord } from './read-json-lines.js';
export { readCocoCaptions } from './read-coco-captions.js';
export { readLlavaAnswers } from './read-llava-answers.js';
export { readLlavaPopeAnnotations } from './read-pope-annotations.js';
export { readMmeQuestions, readMmeResults } from './read-mme-files.js';
