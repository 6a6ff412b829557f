// A recipe of your own over COCO: the paper's coco-all settings, plus one new instruction template of
// yours ("Is there a {category} in the image?", answered from COCO instances, including "No" for a
// category that is absent), each new turn tagged with its template id.
//   node apps/examples/custom-recipe-new-template.mjs [output-folder]
import { join } from 'node:path';
import { COCO_ALL, computeStatistics, createRandom, groupByImage, recipeSchema, samplesForImage } from '@vift/generate';
import { writeSamples } from '@vift/formats/node';
import { discoverSources, loadSource, loadSourceImages } from '@vift/sources';
import { fixture, outputFolder } from './lib/paths.mjs';

// The COCO sets and VQAv2 only (Visual Genome sets would also need VG's image_data.json).
const recipe = recipeSchema.parse({ ...COCO_ALL, name: 'coco-all-with-presence', seed: 7, datasets: ['coco-caption', 'coco-instances', 'vqav2'] });
const presence = {
  id: 'presence-yes-no',
  text: 'Is there a {category} in the image?\nAnswer yes or no.',
};

const sources = (await discoverSources(fixture('coco-sample'))).filter((source) => recipe.datasets.includes(source.dataset));
const images = await loadSourceImages(sources);
async function* annotations() {
  for (const source of sources) yield* loadSource(source, { images, report: () => {} });
}
const { groups } = await groupByImage({ annotations: annotations(), images, seed: recipe.seed });
const categories = [...new Set(groups.flatMap((group) => group.annotations.filter((item) => item.kind === 'object').map((item) => item.category)))].sort();

function* withPresenceTurn(group) {
  const present = new Set(group.annotations.filter((item) => item.kind === 'object').map((item) => item.category));
  const random = createRandom(recipe.seed ^ group.image.cocoId);
  for (const sample of samplesForImage(group, recipe)) {
    // Half the time ask about an object that is there, otherwise about one that is not.
    const pool = random() < 0.5 && present.size > 0 ? [...present] : categories.filter((category) => !present.has(category));
    const category = pool[random.integer(pool.length)];
    const source = { dataset: 'coco-instances', task: 'presence', template: presence.id };
    yield {
      ...sample,
      turns: [
        ...sample.turns,
        { role: 'user', text: presence.text.replace('{category}', category), source },
        { role: 'assistant', text: present.has(category) ? 'Yes' : 'No', source },
      ],
    };
  }
}

const samples = groups.flatMap((group) => [...withPresenceTurn(group)]);
const output = join(await outputFolder('custom-recipe'), 'coco-all-with-presence.json');
await writeSamples(output, samples, { format: 'llava' });
const statistics = await computeStatistics(samples);
console.log(`${samples.length} samples, ${statistics.totals.turns} turns on ${groups.length} images → ${output}`);
console.log(`new template turns: ${samples.length}, answered Yes: ${samples.filter((sample) => sample.turns.at(-1).text === 'Yes').length}`);
