/**
 * Text pieces for synthetic LLaVA records: questions, short answers, long answers. The vocabulary is
 * small on purpose; what matters for reader speed is the shape of the bytes (lengths, escapes, non-ASCII),
 * not the meaning.
 */

const objects = [
  'man', 'woman', 'child', 'dog', 'cat', 'horse', 'bus', 'train', 'car', 'bicycle', 'motorcycle', 'truck',
  'plate', 'pizza', 'sandwich', 'banana', 'cake', 'table', 'chair', 'couch', 'bed', 'laptop', 'phone',
  'clock', 'umbrella', 'kite', 'surfboard', 'skateboard', 'giraffe', 'elephant', 'zebra', 'bird', 'boat',
  'airplane', 'traffic light', 'stop sign', 'bench', 'vase', 'window', 'building', 'tree', 'sign', 'fence',
];
const colors = ['red', 'blue', 'green', 'white', 'black', 'yellow', 'brown', 'gray', 'orange', 'pink', 'purple'];
const places = ['street', 'kitchen', 'beach', 'park', 'field', 'living room', 'airport', 'station', 'restaurant', 'office'];
const words = [
  'the', 'a', 'is', 'of', 'and', 'in', 'on', 'with', 'to', 'near', 'behind', 'next', 'image', 'scene', 'shows',
  'appears', 'likely', 'several', 'people', 'standing', 'sitting', 'holding', 'looking', 'background',
  'foreground', 'left', 'right', 'side', 'large', 'small', 'bright', 'sunny', 'cloudy', 'busy', 'quiet',
  'there', 'are', 'which', 'suggests', 'that', 'this', 'could', 'be', 'used', 'for', 'their', 'while', 'other',
  'visible', 'area', 'setting', 'outdoor', 'indoor', 'moment', 'activity', 'enjoying', 'together', 'also',
  'important', 'consider', 'because', 'however', 'example', 'detail', 'overall', 'atmosphere', 'colorful',
  ...objects, ...colors, ...places,
];
// Non-ASCII in the forms real data has it: accented names, CJK answers, emoji in chat text.
const accented = ['café', 'naïve', 'jalapeño', 'Zürich', 'São Paulo', 'Ångström', 'crème brûlée', 'Dvořák', 'Łódź', 'Mötley', 'façade', 'señor'];
const cjkSentences = [
  '这张图片显示了一只猫坐在窗台上。',
  '照片里有三个人在公园里散步，天气很好。',
  'この画像には赤いバスが写っています。',
  '東京の駅の前で写真を撮りました。',
  '이 사진에는 해변에서 노는 아이들이 있습니다.',
  '請用中文回答這個問題，並解釋你的理由。',
];
const emoji = ['🙂', '🚀', '📷', '🐶', '🍕', '✅', '🎉', '👍🏽', '🇯🇵', '❤️'];
const authors = ['Jane Austen', 'Gabriel García Márquez', 'Haruki Murakami', 'Chinua Achebe', 'Søren Kierkegaard', 'J. R. R. Tolkien', 'Isabel Allende', 'Björk Guðmundsdóttir', 'Fyodor Dostoevsky', 'Toni Morrison'];
const genres = ['Cookbooks, Food & Wine', 'Travel', 'Children\'s Books', 'Science & Math', 'Comics & Graphic Novels', 'Business & Money', 'Health, Fitness & Dieting', 'Literature & Fiction', 'History', 'Computers & Technology'];

export const singleWordSuffix = 'Answer the question using a single word or phrase.';
export const optionLetterSuffix = 'Answer with the option\'s letter from the given choices directly.';

export function pick(random, items) {
  return items[Math.floor(random.next() * items.length)];
}

export function sentence(random, minimumWords, maximumWords) {
  const count = random.integer(minimumWords, maximumWords);
  const parts = new Array(count);
  for (let i = 0; i < count; i++) parts[i] = pick(random, words);
  if (random.chance(0.08)) parts[random.integer(0, count - 1)] = `"${pick(random, objects).toUpperCase()}"`;
  if (random.chance(0.06)) parts[random.integer(0, count - 1)] = pick(random, accented);
  if (count > 8 && random.chance(0.5)) parts[random.integer(3, count - 3)] += ',';
  const text = parts.join(' ');
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

export function paragraph(random, minimumSentences, maximumSentences) {
  const count = random.integer(minimumSentences, maximumSentences);
  const sentences = new Array(count);
  for (let i = 0; i < count; i++) sentences[i] = sentence(random, 6, 22);
  return sentences.join(' ');
}

export function shortQuestion(random) {
  const object = pick(random, objects);
  switch (random.integer(0, 7)) {
    case 0: return `What color is the ${object}?`;
    case 1: return `How many ${object}s are there?`;
    case 2: return `Is the ${object} ${pick(random, colors)}?`;
    case 3: return `Where is the ${object}?`;
    case 4: return `What is the ${object} doing?`;
    case 5: return `Is there a ${object} in the picture?`;
    case 6: return `What is on the ${object}?`;
    default: return `Which side of the image is the ${object} on?`;
  }
}

export function shortAnswer(random) {
  switch (random.integer(0, 6)) {
    case 0: return 'Yes';
    case 1: return 'No';
    case 2: return String(random.integer(0, 12));
    case 3: return pick(random, colors);
    case 4: return pick(random, objects);
    case 5: return pick(random, places);
    default: return random.chance(0.2) ? pick(random, accented) : random.chance(0.5) ? 'Left' : 'Right';
  }
}

export function boundingBox(random) {
  const left = random.next() * 0.6;
  const top = random.next() * 0.6;
  const coordinates = [left, top, left + random.next() * 0.4, top + random.next() * 0.4];
  return `[${coordinates.map((value) => value.toFixed(2)).join(', ')}]`;
}

export function regionPhrase(random) {
  return `${pick(random, colors)} ${pick(random, objects)} ${pick(random, ['on the left', 'in the middle', 'on the right', 'behind the fence', 'near the window'])}`;
}

export function multipleChoice(random) {
  const letters = ['A', 'B', 'C', 'D'];
  const options = letters.map((letter) => `${letter}. ${pick(random, objects)}`);
  return { question: `${shortQuestion(random)}\n${options.join('\n')}`, answer: pick(random, letters) };
}

export function bookQuestion(random) {
  switch (random.integer(0, 4)) {
    case 0: return { question: 'Who wrote this book?', answer: pick(random, authors) };
    case 1: return { question: 'What is the title of this book?', answer: `${sentence(random, 2, 6).slice(0, -1)}: ${pick(random, ['A Novel', 'Recipes', 'A Memoir', 'Second Edition'])}` };
    case 2: return { question: 'What type of book is this?', answer: pick(random, genres) };
    case 3: return { question: `Is this book related to ${pick(random, genres)}?`, answer: random.chance(0.5) ? 'Yes' : 'No' };
    default: return { question: 'Is this a comedy book?', answer: 'No' };
  }
}

export function ocrTokens(random) {
  const count = random.integer(1, 8);
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push(random.chance(0.3) ? pick(random, objects).toUpperCase() : pick(random, words));
  return tokens.join(', ');
}

/** A long chat answer: paragraphs, a list, sometimes CJK or emoji, sometimes a code block full of escapes. */
export function chatAnswer(random) {
  const blocks = [];
  const paragraphs = random.integer(2, 7);
  for (let i = 0; i < paragraphs; i++) {
    let text = paragraph(random, 2, 6);
    if (random.chance(0.15)) text += ` ${pick(random, cjkSentences)}`;
    if (random.chance(0.15)) text += ` ${pick(random, emoji)}`;
    blocks.push(text);
  }
  if (random.chance(0.4)) {
    const items = random.integer(3, 6);
    const list = [];
    for (let i = 1; i <= items; i++) list.push(`${i}. ${sentence(random, 4, 12)}`);
    blocks.splice(random.integer(1, blocks.length), 0, list.join('\n'));
  }
  if (random.chance(0.2)) blocks.push(codeBlock(random));
  return blocks.join('\n\n');
}

export function chatQuestion(random) {
  const text = sentence(random, 6, 30).replace(/\.$/, '?');
  if (random.chance(0.1)) return `${pick(random, cjkSentences)}${text}`;
  if (random.chance(0.25)) return `${text}\n\n${paragraph(random, 1, 3)}`;
  return text;
}

// Backslashes and quotes inside strings exercise escape handling; one path ends in a backslash.
function codeBlock(random) {
  const name = pick(random, ['path', 'line', 'value', 'row']);
  return [
    '```python',
    `${name} = "C:\\\\Users\\\\${pick(random, ['ana', 'bo', 'chen'])}\\\\"`,
    `print(f"{${name}!r}\\n", end="")`,
    `pattern = re.compile(r"\\"([^\\"]*)\\"")`,
    '```',
  ].join('\n');
}
