/**
 * Synthetic records in the proportions of llava_v1_5_mix665k.json: COCO (VQAv2, OK-VQA, A-OKVQA,
 * RefCOCO, LLaVA-Instruct), Visual Genome, GQA, OCR-VQA, TextVQA and text-only ShareGPT. Every record is
 * valid vift input: one "<image>" per image, human/gpt alternating, ids unique across the file.
 */
import {
  bookQuestion,
  boundingBox,
  chatAnswer,
  chatQuestion,
  multipleChoice,
  ocrTokens,
  optionLetterSuffix,
  paragraph,
  pick,
  regionPhrase,
  sentence,
  shortAnswer,
  shortQuestion,
  singleWordSuffix,
} from './llava-text.mjs';

/** Share of each source in the real mix (percent). */
export const sourceWeights = { coco: 55, vg: 13, gqa: 11, ocrVqa: 12, textVqa: 3, shareGpt: 6 };

export class LlavaRecordFactory {
  constructor(random) {
    this.random = random;
    this.counters = Object.fromEntries(Object.keys(sourceWeights).map((source) => [source, 0]));
  }

  /** The next record and the source it imitates. */
  next() {
    const source = this.random.weighted(sourceWeights);
    const counter = this.counters[source]++;
    return { source, record: this[source](counter) };
  }

  coco(counter) {
    const id = String(permute(counter, 1e9, 7654321)).padStart(12, '0');
    const random = this.random;
    const kind = random.weighted({ vqa: 30, instruct: 35, detail: 5, choice: 17, referring: 13 });
    let rounds;
    if (kind === 'vqa') rounds = repeat(random.integer(1, 10), () => [`${shortQuestion(random)}\n${singleWordSuffix}`, shortAnswer(random)]);
    else if (kind === 'instruct') rounds = repeat(random.integer(1, 4), () => [chatQuestion(random), paragraph(random, 2, 7)]);
    else if (kind === 'detail') rounds = [[pick(random, ['Describe the following image.', 'What do you see happening in this image?', 'Explain the visual content of the image in great detail.']), `${paragraph(random, 4, 9)}\n\n${paragraph(random, 2, 5)}`]];
    else if (kind === 'choice') rounds = repeat(random.integer(1, 3), () => {
      const { question, answer } = multipleChoice(random);
      return [`${question}\n${optionLetterSuffix}`, answer];
    });
    else rounds = repeat(random.integer(2, 10), () => random.chance(0.5)
      ? [`Please provide the bounding box coordinate of the region this sentence describes: ${regionPhrase(random)}.`, boundingBox(random)]
      : [`Please provide a short description for this region: ${boundingBox(random)}`, regionPhrase(random)]);
    return imageRecord(random, id, `coco/train2017/${id}.jpg`, rounds);
  }

  vg(counter) {
    const id = withOverflow(counter, 2e6, (value) => 1 + value);
    const random = this.random;
    const rounds = repeat(random.integer(3, 14), () => random.chance(0.5)
      ? [`Please provide the bounding box coordinate of the region this sentence describes: ${regionPhrase(random)}.`, boundingBox(random)]
      : [`Please provide a short description for this region: ${boundingBox(random)}`, regionPhrase(random)]);
    const folder = random.chance(0.5) ? 'VG_100K' : 'VG_100K_2';
    return imageRecord(random, id, `vg/${folder}/${id.split('_')[0]}.jpg`, rounds);
  }

  gqa(counter) {
    const id = withOverflow(counter, 5e5, (value) => 2e6 + value);
    const random = this.random;
    const rounds = repeat(random.integer(2, 14), () => [`${shortQuestion(random)}\n${singleWordSuffix}`, shortAnswer(random)]);
    return imageRecord(random, id, `gqa/images/${id.split('_')[0]}.jpg`, rounds);
  }

  ocrVqa(counter) {
    const digits = String(permute(counter % 1e9, 1e9, 7654321)).padStart(9, '0');
    const id = `${digits}${isbnCheck(digits)}${counter >= 1e9 ? `_${Math.floor(counter / 1e9)}` : ''}`;
    const random = this.random;
    const rounds = repeat(random.integer(3, 7), () => {
      const { question, answer } = bookQuestion(random);
      return [`${question}\n${singleWordSuffix}`, answer];
    });
    return imageRecord(random, id, `ocr_vqa/images/${id}.jpg`, rounds);
  }

  textVqa(counter) {
    const high = (Math.imul(counter, 0x9e3779b1) >>> 0).toString(16).padStart(8, '0');
    const low = this.random.nextUint32().toString(16).padStart(8, '0');
    const id = `${high}${low}${counter >= 2 ** 32 ? `_${Math.floor(counter / 2 ** 32)}` : ''}`;
    const random = this.random;
    const rounds = [[`What does the ${pick(random, ['sign', 'label', 'screen', 'shirt'])} say?\nReference OCR token: ${ocrTokens(random)}\n${singleWordSuffix}`, shortAnswer(random)]];
    return imageRecord(random, id, `textvqa/train_images/${id}.jpg`, rounds);
  }

  /** Text only: no image key, and the key order of the real file, {id, model, conversations}. */
  shareGpt(counter) {
    const random = this.random;
    const id = `${shareGptStem(counter)}_${random.integer(0, 9)}`;
    const rounds = repeat(random.integer(1, 6), () => [chatQuestion(random), chatAnswer(random)]);
    return { id, model: '', conversations: turns(rounds) };
  }
}

function imageRecord(random, id, image, rounds) {
  const conversations = turns(rounds);
  // "<image>" usually opens the first question; some records put it at the end, as in the real file.
  const first = conversations[0];
  first.value = random.chance(0.1) ? `${first.value}\n<image>` : `<image>\n${first.value}`;
  return { id, image, conversations };
}

function turns(rounds) {
  const conversations = [];
  for (const [question, answer] of rounds) {
    conversations.push({ from: 'human', value: question }, { from: 'gpt', value: answer });
  }
  return conversations;
}

function repeat(count, make) {
  const items = new Array(count);
  for (let i = 0; i < count; i++) items[i] = make();
  return items;
}

/** A bijection of [0, modulus) (the multiplier is coprime to it), so ids look scattered yet never repeat. */
function permute(value, modulus, multiplier) {
  return (value * multiplier) % modulus;
}

/** A numeric id from a permuted range, with a suffix once the range is used up, so it stays unique. */
function withOverflow(counter, range, place) {
  const id = String(place(permute(counter % range, range, 7919)));
  return counter >= range ? `${id}_${Math.floor(counter / range)}` : id;
}

function isbnCheck(digits) {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(digits[i]);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

const stemLetters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const stemCharacters = `${stemLetters}0123456789`;

/** A ShareGPT-like stem ("i6IyJda"): a letter, then base-62 digits of a permuted counter. */
function shareGptStem(counter) {
  let value = (Math.imul(counter % 2 ** 32, 0x2545f491) >>> 0) + Math.floor(counter / 2 ** 32) * 2 ** 32;
  let stem = stemLetters[value % 52];
  value = Math.floor(value / 52);
  for (let i = 0; i < 6; i++) {
    stem += stemCharacters[value % 62];
    value = Math.floor(value / 62);
  }
  return stem;
}
