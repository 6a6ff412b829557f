import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatClient, LlmHttpError, type ChatClientSettings } from '@vift/llm';
import { createFileCache } from '@vift/llm/node';
import { validateSample, ViftError, type Sample } from '@vift/schema';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSymbolicContext, createLlmGenerator, DETAIL_QUESTIONS, LlmPromptError, type LlmGeneratorOptions, type LlmSkip, type LlmTask, type TaskPrompt } from '../src/llm/index.js';
import { loadTaskPrompts } from '../src/llm/node/load-task-prompts.js';
import { contentText, startChatServer, type ChatBody, type ChatServer, type ServerReply } from '../../llm/test/chat-server.js';
import { cocoSampleGroups, llavaFixtures, type ImageGroup } from './llm-fixtures.js';

let prompts: Partial<Record<LlmTask, TaskPrompt>>;
let groups: ImageGroup[];
let folder: string;
const servers: ChatServer[] = [];

beforeAll(async () => {
  prompts = await loadTaskPrompts({ folder: llavaFixtures('prompts') });
  groups = await cocoSampleGroups();
  folder = await mkdtemp(join(tmpdir(), 'vift-llm-generator-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const ALL_TASKS: LlmTask[] = ['conversation', 'detail', 'complex-reasoning'];

/**
 * Answers like a model that read the request: which task it is comes from the system message, and the
 * reply is built from the context (the last message), so every reply can be checked against its image.
 * A context that mentions MALFORMED gets replies no task can read.
 */
function cannedReply(body: ChatBody): ServerReply {
  const system = contentText(body.messages[0]!.content);
  const context = contentText(body.messages.at(-1)!.content);
  const [captionPart = '', boxPart = ''] = context.split('\n\n');
  const captions = captionPart.split('\n');
  const objects = boxPart === '' ? [] : boxPart.split('\n').map((line) => line.slice(0, line.indexOf(':')));
  const task = ALL_TASKS.find((name) => prompts[name]!.systemMessage === system);
  if (context.includes('MALFORMED')) return task === 'detail' ? { status: 200, body: { choices: [] } } : { text: 'I am sorry, I cannot write that.' };
  if (task === 'conversation') return { text: `Question:\nWhat does the first caption say?\n===\nAnswer:\n${captions[0]}\n===\nQuestion:\nHow many captions describe the image?\n===\nAnswer:\n${captions.length}` };
  if (task === 'detail') return { text: `${captions.join(' ')}\n\nObjects: ${objects.join(', ')}.` };
  if (task === 'complex-reasoning') return { text: `Question:\nWhich objects can be seen?\n===\nAnswer:\n${objects.join(', ')}` };
  return { status: 400, body: { error: { message: 'unknown system message' } } };
}

async function serve(handler: (body: ChatBody) => ServerReply | Promise<ServerReply> = cannedReply, delayMs = 0): Promise<ChatServer> {
  const server = await startChatServer(async ({ body }) => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return handler(body);
  });
  servers.push(server);
  return server;
}

const clientFor = (server: ChatServer, settings: Partial<ChatClientSettings> = {}) => createChatClient({ baseURL: server.baseURL, apiKey: 'sk-test', model: 'text-model', retryBaseDelayMs: 1, ...settings });

async function collect(samples: AsyncIterable<Sample>): Promise<Sample[]> {
  const result: Sample[] = [];
  for await (const sample of samples) result.push(sample);
  return result;
}

const generatorFor = (server: ChatServer, options: Partial<LlmGeneratorOptions> = {}) => createLlmGenerator({ client: clientFor(server), prompts, tasks: ALL_TASKS, ...options });

describe('createLlmGenerator', () => {
  it('sends the system message, the examples as user/assistant pairs, then the image’s context', async () => {
    const server = await serve();
    await collect(generatorFor(server, { temperature: 0.2, maxTokens: 1024 }).generate(groups.slice(0, 1)));
    expect(server.requests).toHaveLength(3);
    const [image] = groups;
    for (const [index, task] of ALL_TASKS.entries()) {
      const { body } = server.requests[index]!;
      const prompt = prompts[task]!;
      expect(body.model).toBe('text-model');
      expect(body.temperature).toBe(0.2);
      expect(body.max_tokens).toBe(1024);
      expect(body.messages).toEqual([
        { role: 'system', content: prompt.systemMessage },
        ...prompt.examples.flatMap((example) => [
          { role: 'user', content: example.context },
          { role: 'assistant', content: example.response },
        ]),
        { role: 'user', content: buildSymbolicContext({ ...image!, boxes: task !== 'conversation' }) },
      ]);
    }
    // LLaVA's folders: two conversation examples, three of each other task.
    expect(server.requests.map((request) => request.body.messages.length)).toEqual([6, 8, 8]);
    expect(contentText(server.requests[0]!.body.messages[1]!.content)).toContain('A red fire hydrant is deep in the snow.');
    expect(contentText(server.requests[1]!.body.messages.at(-1)!.content)).toContain('\n\npotted plant: [0.37, 0.335, 0.409, 0.498]');
  });

  it('turns the replies into valid samples, in image and task order', async () => {
    const server = await serve();
    const generator = generatorFor(server);
    const samples = await collect(generator.generate(groups));
    expect(samples.map((sample) => sample.id)).toEqual(groups.flatMap(({ image }) => ALL_TASKS.map((task) => `llm-${task}-${String(image.cocoId).padStart(12, '0')}`)));
    for (const sample of samples) expect(validateSample(sample).issues).toEqual([]);

    const [conversation, detail, complex] = samples;
    const image = groups[0]!.image;
    const firstCaption = groups[0]!.annotations.find((annotation) => annotation.kind === 'caption')!;
    const conversationSource = { dataset: 'llm', task: 'conversation', template: 'llava-conversation' };
    expect(conversation).toEqual({
      id: 'llm-conversation-000000000139',
      images: [{ path: 'coco/val2017/000000000139.jpg', cocoId: 139, width: image.width, height: image.height }],
      turns: [
        { role: 'user', text: '<image>\nWhat does the first caption say?', source: conversationSource },
        { role: 'assistant', text: firstCaption.kind === 'caption' ? firstCaption.text : '', source: conversationSource },
        { role: 'user', text: 'How many captions describe the image?', source: conversationSource },
        { role: 'assistant', text: '5', source: conversationSource },
      ],
      source: { dataset: 'llm', task: 'conversation', template: 'llava-conversation' },
      meta: { model: 'text-model' },
    });
    expect(detail!.turns).toHaveLength(2);
    expect(DETAIL_QUESTIONS.map((question) => `<image>\n${question}`)).toContain(detail!.turns[0]!.text);
    const questionNumber = DETAIL_QUESTIONS.indexOf(detail!.turns[0]!.text.slice('<image>\n'.length)) + 1;
    expect(detail!.turns[0]!.source).toEqual({ dataset: 'llm', task: 'detail', template: `detail-question-${questionNumber}` });
    expect(detail!.turns[1]!.text).toMatch(/^A woman stands in the dining area at the table\. .*\n\nObjects: potted plant, tv, tv, chair/);
    expect(complex!.turns.map((turn) => turn.text)).toEqual(['<image>\nWhich objects can be seen?', expect.stringMatching(/^potted plant, tv, tv, chair, /)]);
    expect(complex!.source).toEqual({ dataset: 'llm', task: 'complex-reasoning', template: 'llava-complex-reasoning' });
    expect(generator.report()).toEqual({ images: 7, requests: 21, cachedReplies: 0, samples: 21, skippedMalformed: 0, skippedNoCaptions: 0, examples: [] });
  });

  it('draws each image’s detail question from the seed, the same on every run', async () => {
    const server = await serve();
    const questions = async (seed: number) =>
      (await collect(generatorFor(server, { tasks: ['detail'], seed }).generate(groups))).map((sample) => sample.turns[0]!.text);
    const first = await questions(7);
    expect(await questions(7)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await questions(8)).not.toEqual(first);
  });

  it('skips and counts malformed replies and images without captions, and goes on', async () => {
    const server = await serve();
    const malformed: ImageGroup = {
      image: { cocoId: 424242, fileName: '000000424242.jpg', width: 640, height: 480, split: 'val2017' },
      annotations: [{ dataset: 'coco-caption', cocoId: 424242, annotationId: '1', kind: 'caption', text: 'MALFORMED on purpose.' }],
    };
    const silent: ImageGroup = {
      image: { cocoId: 434343, fileName: '000000434343.jpg', width: 640, height: 480, split: 'val2017' },
      annotations: [{ dataset: 'coco-instances', cocoId: 434343, annotationId: '2', kind: 'object', category: 'dog', box: [1, 2, 3, 4], crowd: false }],
    };
    const skips: LlmSkip[] = [];
    const generator = generatorFor(server, { onSkip: (skip) => skips.push(skip) });
    const samples = await collect(generator.generate([groups[0]!, malformed, silent, groups[1]!]));
    expect(samples.map((sample) => sample.images[0]!.cocoId)).toEqual([139, 139, 139, 802, 802, 802]);
    expect(skips).toEqual([
      { cocoId: 424242, task: 'conversation', reason: 'the reply does not start with "Question:" (it starts "I am sorry, I cannot write that.")' },
      { cocoId: 424242, task: 'detail', reason: 'the reply has no choices' },
      { cocoId: 424242, task: 'complex-reasoning', reason: 'the reply does not start with "Question:" (it starts "I am sorry, I cannot write that.")' },
      { cocoId: 434343, task: undefined, reason: 'no COCO caption to describe the image with' },
    ]);
    expect(generator.report()).toMatchObject({ images: 4, requests: 9, samples: 6, skippedMalformed: 3, skippedNoCaptions: 1 });
    expect(generator.report().examples[1]).toBe('image 424242 (detail): the reply has no choices');
    // No request for the image without captions.
    expect(server.requests).toHaveLength(9);
  });

  it('keeps at most `concurrency` requests waiting, and the output in order', async () => {
    for (const concurrency of [2, 5]) {
      const server = await serve(cannedReply, 30);
      const samples = await collect(generatorFor(server, { client: clientFor(server, { concurrency: 16 }), concurrency }).generate(groups));
      expect(server.maxConcurrent).toBe(concurrency);
      expect(samples.map((sample) => sample.images[0]!.cocoId)).toEqual(groups.flatMap(({ image }) => [image.cocoId, image.cocoId, image.cocoId]));
    }
  });

  it('resumes from the file cache without asking again', async () => {
    const server = await serve();
    const file = join(folder, 'resume', 'replies.jsonl');
    const firstCache = createFileCache({ file });
    const first = createLlmGenerator({ client: clientFor(server, { cache: firstCache }), prompts, tasks: ['conversation', 'detail'] });
    const firstSamples = await collect(first.generate(groups.slice(0, 3)));
    await firstCache.close();
    expect(server.requests).toHaveLength(6);

    const secondCache = createFileCache({ file });
    const second = createLlmGenerator({ client: clientFor(server, { cache: secondCache }), prompts, tasks: ['conversation', 'detail'] });
    const secondSamples = await collect(second.generate(groups));
    await secondCache.close();
    expect(secondSamples.slice(0, 6)).toEqual(firstSamples);
    expect(secondSamples).toHaveLength(14);
    // Only the four images the first run did not reach were asked about.
    expect(server.requests).toHaveLength(6 + 8);
    const askedAgain = server.requests.slice(6).map((request) => contentText(request.body.messages.at(-1)!.content).split('\n')[0]);
    expect(askedAgain).not.toContain(contentText(server.requests[0]!.body.messages.at(-1)!.content).split('\n')[0]);
    expect(second.report()).toMatchObject({ requests: 14, cachedReplies: 6, samples: 14 });
  });

  it('stops on an endpoint error, which is a vift error with a fix', async () => {
    const server = await serve(() => ({ status: 401, body: { error: { message: 'Incorrect API key provided: sk-test.' } } }));
    let caught: unknown;
    try {
      await collect(generatorFor(server).generate(groups));
    } catch (error) {
      caught = error;
    }
    expect(LlmHttpError.isInstance(caught)).toBe(true);
    expect(ViftError.isInstance(caught)).toBe(true);
    expect((caught as LlmHttpError).toLine()).toContain('Incorrect API key provided: [redacted].');
    expect((caught as LlmHttpError).toLine()).toContain('Fix: check the API key');
  });

  it('checks its options', () => {
    const client = createChatClient({ baseURL: 'http://127.0.0.1:9/v1', model: 'm' });
    const errorOf = (options: Partial<LlmGeneratorOptions>) => {
      try {
        createLlmGenerator({ client, prompts, tasks: ALL_TASKS, ...options });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const missing = errorOf({ prompts: { conversation: prompts.conversation! } });
    expect(LlmPromptError.isInstance(missing)).toBe(true);
    expect(ViftError.isInstance(missing)).toBe(true);
    expect((missing as LlmPromptError).toLine()).toBe('no prompt for the task "detail". Fix: load LLaVA\'s prompts/detail_description folder, or write a system message and examples');
    expect((errorOf({ tasks: [] }) as Error).message).toBe('no tasks for the LLM generator');
    expect((errorOf({ tasks: ['captioning' as LlmTask] }) as Error).message).toBe('unknown LLM task "captioning"');
    expect((errorOf({ concurrency: 0 }) as Error).message).toBe('concurrency is 0');
  });
});

describe('loadTaskPrompts', () => {
  it('reads LLaVA’s prompt folders', async () => {
    expect(Object.keys(prompts)).toEqual(ALL_TASKS);
    expect(prompts.conversation!.id).toBe('llava-conversation');
    expect(prompts.conversation!.systemMessage.startsWith('You are an AI visual assistant, and you are seeing a single image.')).toBe(true);
    expect(prompts.conversation!.examples.map((example) => example.context.split('\n')[0])).toEqual([
      'There is a movie theater that displays the show times above the doors.',
      'A man is skiing in the open snow covered hills',
    ]);
    expect(prompts.detail!.examples).toHaveLength(3);
    expect(prompts.detail!.examples[2]!.response.startsWith('The image shows two men standing in a room')).toBe(true);
    expect(prompts['complex-reasoning']!.examples[0]!.response.startsWith('Question:\nWhat is unusual about this photo?')).toBe(true);
  });

  it('says what is missing from a prompt folder', async () => {
    const root = join(folder, 'prompts');
    await mkdir(join(root, 'detail_description'), { recursive: true });
    await writeFile(join(root, 'detail_description', '000_caps.txt'), 'A cat.');
    const errorOf = async (tasks?: LlmTask[]) => {
      try {
        await loadTaskPrompts({ folder: root, ...(tasks === undefined ? {} : { tasks }) });
      } catch (error) {
        return error as LlmPromptError;
      }
      return undefined;
    };
    expect((await errorOf())?.message).toBe(`${join(root, 'detail_description')}: there is no system_message.txt`);
    await writeFile(join(root, 'detail_description', 'system_message.txt'), 'Describe the scene.\n');
    expect((await errorOf())?.toLine()).toBe(`${join(root, 'detail_description')}: example 000 has no 000_conv.txt. Fix: every example needs both its context (_caps) and its reply (_conv)`);
    await writeFile(join(root, 'detail_description', '000_conv.txt'), 'A cat on a mat.\n');
    expect(await loadTaskPrompts({ folder: root })).toEqual({ detail: { id: 'llava-detail-description', systemMessage: 'Describe the scene.', examples: [{ context: 'A cat.', response: 'A cat on a mat.' }] } });
    // A task asked for by name must have its folder.
    expect((await errorOf(['conversation']))?.message).toMatch(/conversation: cannot read the prompt folder \(ENOENT\)$/);
  });
});

