// The reviewer rule LLaVA-Bench uses for all three of its categories (conv, detail, complex), verbatim from
// LLaVA's llava/eval/table/rule.json (github.com/haotian-liu/LLaVA, Apache-2.0): the published relative
// scores were reviewed with exactly this text.
export const LLAVA_BENCH_RULE = {
  role: 'Assistant',
  prompt:
    'We would like to request your feedback on the performance of two AI assistants in response to the user question displayed above. The user asks the question on observing an image. For your reference, the visual content in the image is represented with a few sentences describing the image. \nPlease rate the helpfulness, relevance, accuracy, level of details of their responses. Each assistant receives an overall score on a scale of 1 to 10, where a higher score indicates better overall performance.\nPlease first output a single line containing only two values indicating the scores for Assistant 1 and 2, respectively. The two scores are separated by a space.\nIn the subsequent line, please provide a comprehensive explanation of your evaluation, avoiding any potential bias and ensuring that the order in which the responses were presented does not affect your judgment.',
} as const;

export const LLAVA_BENCH_SYSTEM_MESSAGE = 'You are a helpful and precise assistant for checking the quality of the answer.';
