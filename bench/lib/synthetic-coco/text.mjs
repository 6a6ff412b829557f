/**
 * Sentences for the kit, built from word lists so that lengths and vocabularies look like the real sets:
 * COCO captions of about 10.5 words (some without a final period, a few ending in a space or a newline,
 * as the real ones do), VQA questions with their official question types and answers of 1 to 3 lowercase
 * words (yes/no about 38%, numbers about 12%), and Visual Genome phrases of about 5 words and answers of
 * about 2 words with a capital and a trailing period ("Green."). A small share carries non-ASCII text.
 */
import { pick, WeightedTable } from './random-tools.mjs';
import {
  accentedFoods, accentedPlaces, adjectives, article, brands, categories, colours, emoji, intransitiveActions, materials, numberWords,
  people, places, plural, prepositions, reasons, rooms, signWords, sizes, spokenName, sports, things, times, transitiveActions,
  vqaQuestionTypes, weather, whoAnswers,
} from './words.mjs';

const spokenCategories = categories.map(([, name]) => spokenName(name));
const withArticle = (noun) => `${article(noun)} ${noun}`;
const capital = (text) => `${text[0].toUpperCase()}${text.slice(1)}`;
const countWord = (count) => (count < numberWords.length ? numberWords[count] : String(count));
const clothing = ['shirt', 'hat', 'jacket', 'helmet', 'dress', 'coat', 'cap', 'shorts', 'jeans', 'sweater', 'tie', 'glasses'];
const outdoorThings = ['snow', 'grass', 'water', 'traffic', 'food', 'sand', 'smoke'];
const shapes = ['round', 'square', 'rectangle', 'circle', 'triangle', 'oval'];
const seasons = ['summer', 'winter', 'fall', 'spring'];
const sides = ['left', 'right', 'front', 'back', 'top', 'middle'];
const verbsForWhy = ['stay warm', 'protect his head', 'cross the street', 'eat', 'play', 'keep dry', 'take a picture', 'rest'];

const answerTypes = new WeightedTable({ 'yes/no': 38, number: 12, other: 50 });
const questionTypes = Object.fromEntries(Object.entries(vqaQuestionTypes).map(([type, weights]) => [type, new WeightedTable(weights)]));
const confidences = new WeightedTable({ yes: 85, maybe: 14, no: 1 });
const vgStarts = new WeightedTable({ what: 55, where: 22, how: 15, who: 4, why: 2.5, when: 1.5 });
const smallNumbers = new WeightedTable({ 1: 28, 2: 25, 3: 13, 0: 7, 4: 7, 5: 5, 6: 4, 7: 2, 8: 2, 10: 1.5, 12: 1, 9: 1, 20: 0.5, 100: 0.2 });

/** The words that follow each question type; `f` is the factory, `noun` the asked-about object. */
const vqaTails = {
  'is the': (f, noun) => `${noun} ${f.pick([...adjectives, ...colours, 'moving', 'sleeping', 'on'])}`,
  'are the': (f, noun) => `${plural(noun)} ${f.pick(['on', 'moving', 'the same color', ...adjectives])}`,
  'does the': (f, noun) => `${noun} have ${withArticle(f.pick(things))}`,
  'is the man': (f, noun) => `${f.pick(['wearing', 'holding', 'riding'])} ${withArticle(noun)}`,
  'is the woman': (f, noun) => `${f.pick(['wearing', 'holding', 'smiling at'])} ${withArticle(noun)}`,
  'is the person': (f) => `${f.pick(['standing', 'sitting', 'moving'])}`,
  'is this person': (f) => `${f.pick(['happy', 'male', 'female', 'skiing', 'a professional'])}`,
  'is this': (f) => f.pick(['outdoors', 'indoors', 'daytime', 'photo in color', 'food healthy', f.pick(weather), 'picture taken at night']),
  'is it': (f) => f.pick([...weather, 'daytime', 'night', 'raining', 'cold outside']),
  'is this a': (f) => f.pick(['zoo', 'kitchen', 'bathroom', 'park', 'farm', 'restaurant', 'parade', 'busy street', 'real animal', 'toy']),
  'is that a': (f) => f.pick(['real animal', 'dog', 'sign', 'truck', 'statue', 'window']),
  'is this an': (f) => f.pick(['airport', 'office', 'old photo', 'elephant', 'oven', 'adult']),
  'is there a': (f, noun) => `${noun.match(/^[aeiou]/) ? 'person' : noun} ${f.pick(['in the picture', 'on the table', 'in the image', ''])}`.trim(),
  'are these': (f, noun) => `${plural(noun)} ${f.pick(['ripe', 'real', 'new', 'the same', ...colours])}`,
  'are they': (f) => f.pick(['playing', 'eating', 'married', 'friends', 'moving', 'outside']),
  'are there': (f, noun) => `${plural(noun)} ${f.pick(['in the picture', 'on the table', 'in the water', 'here'])}`,
  'are there any': (f, noun) => `${plural(noun)} ${f.pick(['in the photo', 'on the street', 'visible'])}`,
  are: (f, noun) => `${f.pick(['all the', 'both'])} ${plural(noun)} ${f.pick(['the same', 'standing', 'white'])}`,
  is: (f, noun) => `${f.pick(['anyone', 'someone', 'everyone'])} ${f.pick(transitiveActions)} ${withArticle(noun)}`,
  'is there': (f) => `${f.pick(outdoorThings)} ${f.pick(['on the ground', 'in the picture', 'here'])}`,
  'is he': (f, noun) => `${f.pick(['wearing', 'holding', 'riding'])} ${withArticle(noun)}`,
  do: (f, noun) => `${f.pick(['both', 'all the'])} ${plural(noun)} look the same`,
  'do you': (f, noun) => `see ${withArticle(noun)}`,
  'can you': (f, noun) => `see the ${noun}`,
  could: (f) => `this be ${withArticle(f.pick(rooms))}`,
  was: (f) => `this photo taken ${f.pick(['at night', 'outside', 'in the summer', 'recently'])}`,
  has: (f, noun) => `the ${noun} been ${f.pick(['used', 'cut', 'eaten', 'cleaned'])}`,
  'does this': (f, noun) => `${noun} ${f.pick(['look new', 'have wheels', 'belong to someone'])}`,
  'how many': (f, noun, other) => `${plural(noun === 'person' ? other : noun)} ${f.pick(['are there', 'are in the photo', 'are shown', 'can you see', 'are on the table'])}`,
  'how many people are': (f) => f.pick(['there', 'shown', 'visible', 'pictured', 'standing', 'on the bench']),
  'how many people are in': (f) => f.pick(['the picture', 'the photo', 'this photo', 'the water']),
  'what number is': (f) => `on the ${f.pick(['bus', 'train', 'shirt', 'jersey', 'sign', 'clock'])}`,
  what: (f) => f.pick(['pattern is the shirt', 'shape is the table', 'season is it', 'game is being played', 'kind of day is it']),
  'what color is the': (f, noun) => noun,
  'what color are the': (f, noun) => plural(noun),
  'what color': (f) => `${f.pick(clothing)} is the ${f.pick(['man', 'woman', 'boy', 'girl'])} wearing`,
  'what color is': (f) => `${f.pick(['his', 'her', 'the'])} ${f.pick(clothing)}`,
  'what is the color of the': (f, noun) => noun,
  'what is the': (f, noun) => `${noun} ${f.pick(['made of', 'doing', 'on', 'for', 'sitting on'])}`,
  'what is': (f) => `${f.pick(['he', 'she', 'the man', 'the woman'])} ${f.pick(['holding', 'eating', 'doing', 'wearing'])}`,
  'what kind of': (f) => `${f.pick(['animal', 'food', 'vehicle', 'tree', 'room', 'dog', 'plant'])} is ${f.pick(['this', 'shown', 'that'])}`,
  'what type of': (f) => `${f.pick(['animal', 'food', 'vehicle', 'building', 'sport', 'bird'])} is ${f.pick(['this', 'shown', 'in the picture'])}`,
  'what are the': (f, noun) => `${plural(noun)} ${f.pick(['doing', 'made of', 'eating', 'standing on'])}`,
  'where is the': (f, noun) => noun,
  'where are the': (f, noun) => plural(noun),
  which: (f, noun) => `${noun} is ${f.pick(['bigger', 'closer', 'on the left', 'taller'])}`,
  'what is the man': (f) => f.pick(['holding', 'doing', 'wearing', 'eating', 'sitting on']),
  'what is the woman': (f) => f.pick(['holding', 'doing', 'wearing', 'eating']),
  'what is the person': (f) => f.pick(['holding', 'doing', 'riding']),
  'what is on the': (f, noun) => noun,
  'what is in the': (f, noun) => noun,
  'what is this': (f) => f.pick(['animal', 'room', 'made of', 'place', 'thing', 'food']),
  'what does the': (f, noun) => `${f.pick(['sign', 'shirt', 'banner', noun])} ${f.pick(['say', 'read', 'have on it'])}`,
  'what are': (f) => f.pick(['they doing', 'the people doing', 'these', 'they eating']),
  'what time': (f) => f.pick(['is it', 'of day is it', 'does the clock say']),
  'what sport is': (f) => f.pick(['this', 'being played', 'he playing']),
  why: (f, noun) => `${f.pick(['are they', 'is he', 'is she'])} ${f.pick(transitiveActions)} ${withArticle(noun)}`,
  'why is the': (f, noun) => `${noun} ${f.pick(adjectives)}`,
  'who is': (f, noun) => `${f.pick(transitiveActions)} the ${noun}`,
  'what animal is': (f) => f.pick(['this', 'shown', 'in the picture', 'that']),
  'what room is': (f) => f.pick(['this', 'shown', 'pictured']),
  'what is the name': (f) => `of the ${f.pick(['street', 'store', 'team', 'restaurant'])}`,
  'what brand': (f, noun) => `${f.pick(['is the', 'of'])} ${noun}`,
  how: (f) => f.pick(['is the weather', 'old is the man', 'far away is the boat', 'does the food look']),
  'none of the above': (f, noun) => `${f.pick(['Name the', 'Would you eat the', 'Should the'])} ${noun}`,
};

/** Likely answers for the "other" question types whose answers do not depend on the image. */
const answerPools = {
  'what color is the': colours, 'what color are the': colours, 'what color': colours, 'what color is': colours, 'what is the color of the': colours,
  'where is the': ['table', 'street', 'on table', 'kitchen', 'floor', 'on plate', 'in water', 'background', 'sidewalk'],
  'where are the': ['table', 'on table', 'street', 'field', 'in water', 'on shelf'],
  'what time': times, 'what sport is': sports, 'what room is': rooms, 'what brand': brands, why: reasons, 'why is the': reasons,
  'who is': whoAnswers, how: weather, which: sides, 'what is the name': ['main st', 'broadway', 'yankees', 'starbucks', 'unknown'],
  what: [...shapes, ...seasons, 'striped', 'plaid'],
};

export class TextFactory {
  /** `random`: a SeededRandom; every sentence draws from it, so the text follows the seed. */
  constructor(random) {
    this.random = random;
  }

  chance(probability) {
    return this.random.next() < probability;
  }

  pick(items) {
    return pick(this.random, items);
  }

  /** A noun for one of the image's categories (indexes into `categories`), or any category when there are none. */
  noun(categoryIndexes) {
    const index = categoryIndexes.length > 0 ? this.pick(categoryIndexes) : Math.floor(this.random.next() * spokenCategories.length);
    return spokenCategories[index];
  }

  modifier() {
    const roll = this.random.next();
    if (roll < 0.35) return `${this.pick(colours)} `;
    if (roll < 0.55) return `${this.pick(sizes)} `;
    if (roll < 0.8) return `${this.pick(adjectives)} `;
    return '';
  }

  /** Adjectives that suit people ("a young man"), not colours. */
  personModifier() {
    return this.chance(0.4) ? `${this.pick(['young', 'old', 'little', 'tall', 'happy', 'smiling', 'older', 'small'])} ` : '';
  }

  place() {
    return this.chance(0.004) ? this.pick(accentedPlaces) : this.pick(places);
  }

  /** A COCO caption about an image whose objects have these category indexes. */
  caption(categoryIndexes) {
    const main = this.noun(categoryIndexes);
    const other = this.chance(0.5) ? this.noun(categoryIndexes) : this.pick(things);
    const person = this.pick(people);
    let text;
    switch (Math.floor(this.random.next() * 10)) {
      case 0:
        text = `${withArticle(`${this.personModifier()}${person}`)} ${this.pick(transitiveActions)} ${withArticle(main)} ${this.place()}`;
        break;
      case 1: {
        const count = this.random.integer(2, 6);
        text = `${capital(countWord(count))} ${plural(main)} ${this.pick(intransitiveActions)} ${this.pick(prepositions)} ${withArticle(other)} ${this.place()}`;
        break;
      }
      case 2:
        text = `There is ${withArticle(`${this.modifier()}${main}`)} ${this.pick(prepositions)} the ${other}`;
        break;
      case 3:
        text = `${withArticle(`${this.modifier()}${main}`)} ${this.pick(prepositions)} ${withArticle(`${this.pick(colours)} ${other}`)}`;
        break;
      case 4:
        text = `${withArticle(person)} is ${this.pick(transitiveActions)} ${withArticle(main)} ${this.pick(prepositions)} the ${other}`;
        break;
      case 5:
        text = `Close up of ${withArticle(`${this.modifier()}${main}`)} with ${plural(this.pick(things))} on it`;
        break;
      case 6:
        text = `${withArticle(`${this.pick(colours)} and ${this.pick(colours)} ${main}`)} ${this.pick(intransitiveActions)} ${this.place()} next to ${withArticle(other)}`;
        break;
      case 7:
        text = `An image of ${withArticle(main)} ${this.pick(prepositions)} ${withArticle(`${this.modifier()}${other}`)}`;
        break;
      case 8:
        text = `${withArticle(`${this.personModifier()}${person}`)} ${this.pick(transitiveActions)} ${withArticle(main)} while ${this.pick(intransitiveActions)} ${this.place()}`;
        break;
      default:
        text = `A view of ${plural(main)} ${this.place()}`;
    }
    text = capital(text);
    if (this.chance(0.1)) text += `, with ${withArticle(this.pick(things))} in the background`;
    if (this.chance(0.004)) text = text.replace(/ (sign|box|wall|bag)\b/, ` $1 that says “${this.pick(signWords)}”`);
    if (this.chance(0.002)) text += ` with ${this.pick(accentedFoods)}`;
    if (this.chance(0.08)) text = text[0].toLowerCase() + text.slice(1);
    const ending = this.random.next();
    if (ending < 0.8) text += '.';
    else if (ending < 0.83) text += '. ';
    else if (ending < 0.835) text += '\n';
    else if (ending < 0.837) text += ` ${this.pick(emoji)}`;
    return text;
  }

  /**
   * A VQA question with its official question type and ten answers. `countOf(index)` is how many objects
   * of a category the image has, so "how many" answers agree with the instances most of the time.
   */
  vqaQuestion(categoryIndexes, countOf) {
    const answerType = answerTypes.pick(this.random);
    const questionType = questionTypes[answerType].pick(this.random);
    const categoryIndex = categoryIndexes.length > 0 ? this.pick(categoryIndexes) : Math.floor(this.random.next() * spokenCategories.length);
    const noun = spokenCategories[categoryIndex];
    const { tail, answers } = this.vqaTail(questionType, noun, categoryIndexes, answerType, countOf(categoryIndex));
    const opening = questionType === 'none of the above' ? '' : questionType;
    let question = capital(`${opening}${opening && tail ? ' ' : ''}${tail}?`);
    if (this.chance(0.002)) question = question.replace(/\?$/, ` “${this.pick(signWords)}”?`);
    const main = answers[0];
    const agreement = answerType === 'yes/no' ? 0.9 : answerType === 'number' ? 0.72 : 0.55;
    const given = [];
    for (let k = 0; k < 10; k++) given.push(this.chance(agreement) ? main : this.pick(answers));
    return { question, questionType, answerType, answers: given, confidences: given.map(() => confidences.pick(this.random)) };
  }

  /** The words after the question type, and the likely answers (the first is the usual one). */
  vqaTail(questionType, noun, categoryIndexes, answerType, objectCount) {
    const yesNo = this.chance(0.55) ? ['yes', 'no'] : ['no', 'yes'];
    const other = this.noun(categoryIndexes);
    const count = String(objectCount > 0 && this.chance(0.8) ? objectCount : smallNumbers.pick(this.random));
    const numbers = [count, String(Number(count) + 1), String(Math.max(0, Number(count) - 1))];
    const tail = (vqaTails[questionType] ?? ((_, asked) => asked))(this, noun, other);
    if (answerType === 'yes/no') return { tail, answers: yesNo };
    if (answerType === 'number') return { tail, answers: numbers };
    const pool =
      answerPools[questionType] ??
      (questionType === 'what kind of' || questionType === 'what type of' ? [noun, other, 'pine', 'passenger', 'brick'] : [noun, other, this.pick(things), this.noun([]), ...materials.slice(0, 3)]);
    const first = this.pick(pool);
    const answers = [first, this.pick(pool), this.pick(pool), this.chance(0.01) ? this.pick(accentedFoods) : this.pick(pool)];
    return { tail, answers };
  }

  /** A Visual Genome region phrase (about 5 words, lowercase, sometimes a trailing space or period). */
  regionPhrase(categoryIndexes) {
    const noun = this.noun(categoryIndexes);
    const other = this.pick(things);
    let text;
    switch (Math.floor(this.random.next() * 9)) {
      case 0:
        text = `${this.pick(colours)} ${noun} on the ${other}`;
        break;
      case 1:
        text = `the ${noun} is ${this.pick(colours)}`;
        break;
      case 2:
        text = withArticle(`${this.modifier()}${noun}`);
        break;
      case 3:
        text = `${noun} has ${withArticle(other)}`;
        break;
      case 4:
        text = `there is ${withArticle(noun)} ${this.pick(prepositions)} the ${other}`;
        break;
      case 5:
        text = `${this.pick(people)} wearing ${withArticle(`${this.pick(colours)} ${this.pick(clothing)}`)}`;
        break;
      case 6:
        text = `${withArticle(noun)} ${this.pick(intransitiveActions)} ${this.place()}`;
        break;
      case 7:
        text = `${plural(noun)} ${this.pick(prepositions)} ${withArticle(other)}`;
        break;
      default:
        text = `${this.pick(colours)} ${other}`;
    }
    if (this.chance(0.15)) text = capital(text);
    const ending = this.random.next();
    if (ending < 0.1) text += ' ';
    else if (ending < 0.18) text += '.';
    else if (ending < 0.181) text += ` ${this.pick(emoji)}`;
    return text;
  }

  /** A Visual Genome question and its short capitalised answer with a trailing period. */
  vgQuestion(categoryIndexes) {
    const noun = this.noun(categoryIndexes);
    const other = this.pick(things);
    const person = this.pick(['man', 'woman', 'boy', 'girl', 'person', 'player']);
    let question;
    let answer;
    switch (vgStarts.pick(this.random)) {
      case 'what': {
        const roll = this.random.next();
        if (roll < 0.35) [question, answer] = [`What color is the ${noun}?`, this.pick(colours)];
        else if (roll < 0.55) [question, answer] = [`What is the ${person} holding?`, withArticle(noun)];
        else if (roll < 0.7) [question, answer] = [`What is on the ${other}?`, this.chance(0.5) ? plural(noun) : withArticle(noun)];
        else if (roll < 0.85) [question, answer] = [`What is the ${noun} made of?`, this.pick(materials)];
        else if (roll < 0.93) [question, answer] = [`What is the ${person} wearing?`, withArticle(`${this.pick(colours)} ${this.pick(clothing)}`)];
        else [question, answer] = ['What is in the sky?', this.pick(['clouds', 'a kite', 'birds', 'an airplane', 'the sun'])];
        break;
      }
      case 'where': {
        const roll = this.random.next();
        if (roll < 0.5) [question, answer] = [`Where is the ${noun}?`, this.chance(0.6) ? `${this.pick(['on', 'in', 'next to', 'behind', 'under'])} the ${other}` : this.place()];
        else if (roll < 0.8) [question, answer] = [`Where was this photo taken?`, this.chance(0.5) ? `in ${withArticle(this.pick(rooms))}` : this.place()];
        else [question, answer] = [`Where are the ${plural(noun)}?`, `${this.pick(['on', 'in', 'near'])} the ${other}`];
        break;
      }
      case 'how': {
        const roll = this.random.next();
        if (roll < 0.6) [question, answer] = [`How many ${plural(noun)} are there?`, this.pick(numberWords.slice(1, 8))];
        else if (roll < 0.8) [question, answer] = ['How is the weather?', this.pick(weather)];
        else [question, answer] = [`How does the ${noun} look?`, this.pick(adjectives)];
        break;
      }
      case 'who':
        [question, answer] = [`Who is ${this.pick(transitiveActions)} the ${noun}?`, `${this.pick(['the', 'a'])} ${person}`];
        break;
      case 'why':
        [question, answer] = [`Why is the ${person} wearing ${withArticle(this.pick(clothing))}?`, `to ${this.pick(verbsForWhy)}`];
        break;
      default:
        [question, answer] = ['When was this photo taken?', this.pick(['daytime', 'during the day', 'at night', 'in the afternoon', 'winter'])];
    }
    if (this.chance(0.002)) answer = `${answer} ${this.pick(emoji)}`;
    return { question, answer: `${capital(answer)}.` };
  }
}
