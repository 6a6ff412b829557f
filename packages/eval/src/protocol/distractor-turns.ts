/**
 * Short-answer turns in the style of the paper's Table 1 templates that fit any photograph: the
 * distractor protocol asks some of them before each open-ended question, so a model that has learned to
 * keep answering in one word after such turns is caught.
 */
export const SHORT_ANSWER_SUFFIX = 'Answer the question using a single word or phrase.';

export const DEFAULT_DISTRACTOR_QUESTIONS: readonly string[] = [
  'Is this photo taken indoors or outdoors?',
  'How many people are in the image?',
  'What is the main color of the largest object in the image?',
  'Is there any text visible in the image?',
  'What is the main subject of the image?',
  'Is it daytime or nighttime in the image?',
  'Is there an animal in the image?',
  'What kind of place is shown in the image?',
].map((question) => `${question}\n${SHORT_ANSWER_SUFFIX}`);
