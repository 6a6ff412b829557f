export { buildSymbolicContext, type SymbolicContextOptions } from './symbolic-context.js';
export { DETAIL_QUESTIONS, LLM_TASKS, type LlmTask, type LlmTaskSpec } from './llm-tasks.js';
export { fewShotMessages, type FewShotExample, type TaskPrompt } from './task-prompt.js';
export { parseAnswerReply, parseDialogReply, type ParsedReply, type QuestionAnswer } from './parse-reply.js';
export { createLlmGenerator, type LlmGenerationReport, type LlmGenerator, type LlmGeneratorOptions, type LlmImageGroup, type LlmSkip } from './llm-generator.js';
export { LlmPromptError } from './llm-prompt-error.js';
