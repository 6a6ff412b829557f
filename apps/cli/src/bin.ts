import { CommanderError } from 'commander';
import { ViftError } from '@vift/schema';
import { createProgram } from './program.js';

async function main(): Promise<void> {
  const program = await createProgram(process.argv[2]);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage mistakes exit 2 (the message is already printed, see usage-errors.ts).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (ViftError.isInstance(error)) {
      process.stderr.write(`vift: ${error.toLine()}\n`);
      // An interruption has already set 130.
      if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = 1;
      return;
    }
    throw error;
  }
}

await main();
