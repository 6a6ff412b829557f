import { Command } from 'commander';
import { sampleJsonSchema } from '@vift/schema';

export function schemaCommand(): Command {
  return new Command('schema')
    .description('print the JSON Schema of a vift/v1 sample')
    .action(() => {
      process.stdout.write(`${JSON.stringify(sampleJsonSchema(), null, 2)}\n`);
    });
}
