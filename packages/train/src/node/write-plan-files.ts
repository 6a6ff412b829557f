import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AtomicFile } from '@vift/formats/node';
import type { TrainingPlan } from '../training-plan.js';

/** Writes the files a plan's commands read (DeepSpeed JSON, LLaMA-Factory YAML), each atomically. */
export async function writePlanFiles(plan: TrainingPlan): Promise<string[]> {
  const written: string[] = [];
  for (const file of plan.files) {
    await mkdir(dirname(file.path), { recursive: true });
    const atomic = new AtomicFile(file.path);
    try {
      await atomic.write(file.contents);
      await atomic.commit();
    } catch (error) {
      await atomic.abort();
      throw error;
    }
    written.push(file.path);
  }
  return written;
}
