// Scoring predictions files made elsewhere, with the benchmarks' own rules: LLaVA-1.5-13B's released POPE
// answers (published F1 85.9) and its three released LLaVA-Bench review runs (published 72.5).
//   node apps/examples/score-predictions.mjs
import { scorePredictions } from '@vift/eval/node';
import { fixture } from './lib/paths.mjs';

const pope = await scorePredictions({
  metric: 'pope',
  predictions: [fixture('eval/llava-v1.5-eval/pope/answers/llava-v1.5-13b.jsonl')],
  questions: fixture('eval/llava-v1.5-eval/pope/llava_pope_test.jsonl'),
  annotations: fixture('eval/pope'),
});
console.log(`POPE F1 ${pope.scores.f1.toFixed(1)} (accuracy ${pope.scores.accuracy.toFixed(1)}, yes ratio ${pope.scores.yesRatio.toFixed(1)})`);
for (const [category, scores] of Object.entries(pope.details.categories)) console.log(`  ${category}: F1 ${(scores.f1 * 100).toFixed(2)}`);

const runs = [1, 2, 3].map((run) => fixture(`eval/llava-v1.5-eval/llava-bench-in-the-wild/reviews/llava-v1.5-13b-eval${run}.jsonl`));
const bench = await scorePredictions({ metric: 'llava-bench', predictions: runs });
console.log(`LLaVA-Bench (in-the-wild) relative score ${bench.scores.relative}`);
for (const [run, scores] of bench.details.entries()) console.log(`  run ${run + 1}: ${Object.entries(scores).map(([category, score]) => `${category} ${score.relative}`).join(', ')}`);
