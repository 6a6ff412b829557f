import type { TrainerId } from '../train-config.js';
import type { TrainerAdapter } from '../trainer-adapter.js';
import { createLlamaFactoryTrainer } from './llama-factory-trainer.js';
import { createLlavaTrainer } from './llava-trainer.js';
import { createReferenceTrainer } from './reference-trainer.js';
import { createTrlTrainer } from './trl-trainer.js';

/** Every trainer vift plans for, by id. */
export const trainers: Readonly<Record<TrainerId, () => TrainerAdapter>> = {
  llava: createLlavaTrainer,
  'llama-factory': createLlamaFactoryTrainer,
  trl: createTrlTrainer,
  reference: createReferenceTrainer,
};

export function createTrainer(id: TrainerId): TrainerAdapter {
  return trainers[id]();
}
