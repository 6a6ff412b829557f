import { basename, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createChatModel, createLlavaBenchReviewer, createMmVetGrader, createPredictionsModel, createRubricJudge, protocolNames, reportMarkdown, type Judge, type Model, type ProtocolName } from '@vift/eval';
import { loadBenchmark, readJsonLines, runEvaluation, type LoadedBenchmark } from '@vift/eval/node';
import { createChatClient, type ChatClient } from '@vift/llm';
import { createFileCache, type FileCache } from '@vift/llm/node';
import { ViftError } from '@vift/schema';
import { parsePositiveNumber, progressEnabled } from '../cli-options.js';

type EvalOptions = {
  model: string;
  modelName?: string;
  judgeUrl?: string;
  judgeModel?: string;
  apiKeyEnv: string;
  judgeApiKeyEnv: string;
  protocol?: ProtocolName[];
  distractorTurns?: number;
  limit?: number;
  inferOnly?: boolean;
  scoreOnly?: boolean;
  output?: string;
  concurrency: number;
  timeout: number;
  maxTokens?: number;
  json?: boolean;
  quiet?: boolean;
};

function parseProtocols(value: string): ProtocolName[] {
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(protocolNames as readonly string[]).includes(name)) throw new InvalidArgumentError(`unknown protocol "${name}". Fix: use ${protocolNames.join(', ')} (comma-separated)`);
  }
  return names as ProtocolName[];
}

const isUrl = (value: string) => /^https?:\/\//i.test(value);

function chatClient(options: { baseURL: string; model: string; keyVariable: string; concurrency: number; timeoutSeconds: number; cache: FileCache }): ChatClient {
  // Only the variable's name is taken on the command line, so keys stay out of shell history and logs.
  const apiKey = process.env[options.keyVariable];
  return createChatClient({ baseURL: options.baseURL, model: options.model, ...(apiKey === undefined ? {} : { apiKey }), concurrency: options.concurrency, timeoutMs: options.timeoutSeconds * 1000, cache: options.cache });
}

async function predictionsModel(file: string): Promise<Model> {
  const records = [];
  for await (const { value } of readJsonLines(file)) records.push(value);
  return createPredictionsModel({ records, file, name: basename(file).replace(/\.jsonl?$/, '') });
}

function judgeFor(benchmark: LoadedBenchmark, client: ChatClient): Judge {
  const { definition } = benchmark;
  switch (definition.judge) {
    case 'mm-vet':
      return createMmVetGrader({ client });
    case 'llava-bench':
      return createLlavaBenchReviewer({ client });
    default:
      return createRubricJudge({ client, rubric: definition.rubric ?? '' });
  }
}

export function evalCommand(): Command {
  const command = new Command('eval');
  const usage: (message: string) => never = (message) => command.error(message, { exitCode: 2 });
  return command
    .description('run a benchmark: ask a model every question (single-round and the multi-round protocols), score each turn with the benchmark\'s judge or metric, write report.json/.md/.html; a second run in the same --output resumes')
    .argument('<benchmark>', 'a benchmark definition JSON file (questions, images, references, judge or metric; see docs/evaluation.md)')
    .requiredOption('--model <url|predictions>', 'an OpenAI-compatible base URL (e.g. http://127.0.0.1:8000/v1) or a predictions JSONL file {question_id, text}')
    .option('--model-name <name>', 'the model name the server knows (needed with a URL)')
    .option('--judge-url <url>', 'the judge\'s OpenAI-compatible base URL (judged benchmarks)')
    .option('--judge-model <name>', 'the judge model, e.g. gpt-4-0613')
    .option('--api-key-env <variable>', 'the environment variable holding the model server\'s API key', 'OPENAI_API_KEY')
    .option('--judge-api-key-env <variable>', 'the environment variable holding the judge\'s API key', 'OPENAI_API_KEY')
    .option('--protocol <list>', `protocols, comma-separated: ${protocolNames.join(', ')} (default: the benchmark's, else single)`, parseProtocols)
    .option('--distractor-turns <n>', 'short-answer turns before each question in the distractor protocol (default 2)', (value) => Math.round(parsePositiveNumber(value)))
    .option('--limit <n>', 'only the first n questions', (value) => Math.round(parsePositiveNumber(value)))
    .option('--infer-only', 'ask the model and log the answers; no scoring')
    .option('--score-only', 'score the answers an earlier run logged; ask no model')
    .option('--output <folder>', 'where the run logs, cache and reports go (default eval-runs/<benchmark>/<model>)')
    .option('--concurrency <n>', 'dialogs and judge calls in flight at once', (value) => Math.round(parsePositiveNumber(value)), 4)
    .option('--timeout <seconds>', 'per request', parsePositiveNumber, 120)
    .option('--max-tokens <n>', 'the model\'s answer length limit', (value) => Math.round(parsePositiveNumber(value)))
    .option('--json', 'print the report as JSON instead of Markdown')
    .option('--quiet', 'no progress on stderr')
    .action(async (definitionFile: string, options: EvalOptions) => {
      if (options.inferOnly === true && options.scoreOnly === true) usage('--infer-only and --score-only exclude each other. Fix: give one of them');
      const benchmark = await loadBenchmark(definitionFile);
      const modelIsUrl = isUrl(options.model);
      if (modelIsUrl && options.modelName === undefined) usage('--model-name is needed with a model URL. Fix: add --model-name <the name the server knows>');
      const modelLabel = modelIsUrl ? options.modelName! : basename(options.model).replace(/\.jsonl?$/, '');
      const output = options.output ?? join('eval-runs', benchmark.definition.name, modelLabel.replace(/[^\w.-]+/g, '_'));
      const caches: FileCache[] = [];
      const cache = (name: string) => {
        const file = createFileCache({ file: join(output, 'cache', `${name}.jsonl`) });
        caches.push(file);
        return file;
      };
      const timing = { concurrency: options.concurrency, timeoutSeconds: options.timeout };
      const clients: [string, ChatClient][] = [];
      let model: Model | undefined;
      if (options.scoreOnly !== true) {
        if (modelIsUrl) {
          const client = chatClient({ baseURL: options.model, model: modelLabel, keyVariable: options.apiKeyEnv, cache: cache('model'), ...timing });
          clients.push(['model', client]);
          model = createChatModel({ client, ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }) });
        } else {
          model = await predictionsModel(options.model);
        }
      }
      let judge: Judge | undefined;
      if (benchmark.definition.judge !== undefined && options.inferOnly !== true && options.judgeUrl !== undefined) {
        if (options.judgeModel === undefined) usage('--judge-model is needed with --judge-url. Fix: add --judge-model <name>');
        const client = chatClient({ baseURL: options.judgeUrl, model: options.judgeModel, keyVariable: options.judgeApiKeyEnv, cache: cache('judge'), ...timing });
        clients.push(['judge', client]);
        judge = judgeFor(benchmark, client);
      }

      const interruption = new AbortController();
      const interrupt = () => {
        process.exitCode = 130;
        interruption.abort(new ViftError({ name: 'InterruptedError', message: `interrupted: answers so far are kept in ${output}; run the same command again to resume` }));
      };
      process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
      const showProgress = progressEnabled(options.quiet);
      try {
        const result = await runEvaluation({
          benchmark,
          outputDirectory: output,
          mode: options.inferOnly === true ? 'infer-only' : options.scoreOnly === true ? 'score-only' : 'full',
          concurrency: options.concurrency,
          signal: interruption.signal,
          ...(model === undefined ? {} : { model }),
          ...(judge === undefined ? {} : { judge }),
          ...(options.protocol === undefined ? {} : { protocols: options.protocol }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          ...(options.distractorTurns === undefined ? {} : { distractorTurns: options.distractorTurns }),
          ...(showProgress ? { onProgress: ({ phase, done, total }) => process.stderr.write(`\r${phase === 'infer' ? 'answering' : 'scoring'} ${done}/${total}\u001b[K`) } : {}),
        });
        if (showProgress) process.stderr.write('\r\u001b[K');
        const { counts } = result;
        if (options.quiet !== true) {
          process.stderr.write(`asked ${counts.answered} answers (${counts.answersReused} from the log), scored ${counts.scored} (${counts.scoresReused} from the log); results in ${output}\n`);
          for (const [role, client] of clients) {
            const usage = client.usage();
            process.stderr.write(`${role}: ${usage.requests} requests (${usage.retries} retries, ${usage.cacheHits} from the cache), ${usage.totalTokens} tokens\n`);
          }
        }
        if (result.report === undefined) return;
        process.stdout.write(options.json === true ? `${JSON.stringify(result.report, null, 2)}\n` : reportMarkdown(result.report));
      } finally {
        process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
        await Promise.all(caches.map((file) => file.close()));
      }
    });
}
