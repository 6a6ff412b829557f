// Acts as a Hugging Face Trainer run for the run tests: prints what the Trainer prints (tqdm bars redrawn
// with \r on stderr, log dicts and "Saving model checkpoint to" on stdout) in the mode the first argument names.
import { writeFileSync } from 'node:fs';

const [mode, outputDir = 'output', marker] = process.argv.slice(2);
const out = (text) => process.stdout.write(`${text}\n`);
const bar = (step, total) => `${String(Math.floor((step / total) * 100)).padStart(3)}%|${'█'.repeat(step)}${' '.repeat(total - step)}| ${step}/${total} [00:0${step}<00:0${total - step},  1.00it/s]`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (mode === 'ok') {
  // Bars go to stderr and logs to stdout, two pipes: the pauses keep their order as a real run's time does.
  const err = async (text) => {
    process.stderr.write(text);
    await sleep(60);
  };
  const log = async (text) => {
    out(text);
    await sleep(60);
  };
  await err('Loading checkpoint shards: 100%|██████████| 2/2 [00:01<00:00,  1.50it/s]\n');
  await err(`${bar(0, 4)}\r${bar(1, 4)}\r`);
  await log("{'loss': 1.9375, 'grad_norm': 12.5625, 'learning_rate': 2e-05, 'epoch': 0.25}");
  await err(`${bar(2, 4)}\r`);
  await log("{'loss': 1.4219, 'grad_norm': 8.0, 'learning_rate': 1.5e-05, 'epoch': 0.5}");
  await log(`Saving model checkpoint to ${outputDir}/checkpoint-2`);
  await err(`${bar(3, 4)}\r${bar(4, 4)}\r`);
  await log("{'eval_loss': 1.25, 'eval_runtime': 0.5, 'eval_samples_per_second': 8.0, 'epoch': 1.0}");
  await log("{'train_runtime': 4.2, 'train_samples_per_second': 7.62, 'train_steps_per_second': 0.952, 'train_loss': 1.6, 'epoch': 1.0}");
  process.stderr.write('\n');
  process.exit(0);
} else if (mode === 'fail') {
  process.stderr.write(`${bar(1, 4)}\r`);
  process.stderr.write('Traceback (most recent call last):\n  File "train.py", line 3, in <module>\nFileNotFoundError: [Errno 2] No such file or directory: \'data.json\'\n');
  process.exit(3);
} else if (mode === 'oom') {
  process.stderr.write(`${bar(1, 4)}\r`);
  process.stderr.write('Traceback (most recent call last):\n');
  process.stderr.write('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.10 GiB of which 1.06 GiB is free.\n');
  process.stderr.write('[rank1]: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.\n');
  process.exit(1);
} else if (mode === 'wait-for-sigint') {
  process.on('SIGINT', async () => {
    writeFileSync(marker, 'SIGINT');
    // A trainer finishes the checkpoint it is writing before it exits.
    await sleep(300);
    out(`Saving model checkpoint to ${outputDir}/checkpoint-3`);
    process.exit(130);
  });
  out('ready');
  setInterval(() => undefined, 1000);
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
