import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ptbTokenize, ptbTokenizeLines, tokenizeCaptions } from '../src/index.js';
import { evalFixture, fixtureJson, fixtureLines, fixtureRoot } from './fixtures.js';

// Expected outputs were produced by the Stanford PTBTokenizer of CoreNLP 3.4.1 run as pycocoevalcap runs it
// (-preserveLines -lowerCase, all texts joined by newlines in one file): see fixtures/SOURCES.md.
const punctuation = new Set(["''", "'", '``', '`', '-LRB-', '-RRB-', '-LCB-', '-RCB-', '.', '?', '!', ',', ':', '-', '--', '...', ';']);
const asReference = (line: string): string =>
  line
    .split(' ')
    .filter((token) => !punctuation.has(token))
    .join(' ');

function expectSameLines(texts: readonly string[], expected: readonly string[]): void {
  const lines = ptbTokenizeLines(texts.join('\n')).map((tokens) => tokens.map((token) => token.toLowerCase()).join(' '));
  expect(lines.length).toBe(expected.length);
  const differences = lines.flatMap((line, index) => (line === expected[index] ? [] : [{ index, text: texts[index], expected: expected[index], actual: line }]));
  expect(differences).toEqual([]);
}

describe('PTB tokenizer against CoreNLP 3.4.1', () => {
  it('tokenizes all 25,014 captions of COCO val2017 as the tool does', () => {
    const captions = fixtureJson<{ annotations: { caption: string }[] }>(evalFixture('captions_val2017.json')).annotations.map((annotation) =>
      annotation.caption.replaceAll('\n', ' '),
    );
    const expected = fixtureLines(evalFixture('ptb-tokenizer/captions_val2017.ptb.txt'));
    expectSameLines(captions, expected);
    // And the captions pycocoevalcap feeds its scorers are those lines without punctuation tokens.
    expect(tokenizeCaptions(captions)).toEqual(expected.map(asReference));
  });

  it('tokenizes GPT-4 answers (quotes, numbers, lists, parentheses) as the tool does', () => {
    const answers = ['llava-bench-in-the-wild/answers_gpt4.jsonl', 'llava-official/qa90_gpt4_answer.jsonl'].flatMap((file) =>
      readFileSync(`${fixtureRoot}/${file}`, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { text: string }).text.replaceAll('\n', ' ')),
    );
    expectSameLines(answers, fixtureLines(evalFixture('ptb-tokenizer/gpt4-answers.ptb.txt')));
  });

  it('agrees on edge cases: clitics, abbreviations, acronyms, URLs, fractions, currency, quotes, dashes, smileys, symbols', () => {
    expectSameLines(fixtureLines(evalFixture('ptb-tokenizer/edge-cases.txt')), fixtureLines(evalFixture('ptb-tokenizer/edge-cases.ptb.txt')));
  });

  it('agrees on 1,000 random strings of tricky pieces (longest match and tie rules)', () => {
    expectSameLines(fixtureLines(evalFixture('ptb-tokenizer/fuzz.txt')), fixtureLines(evalFixture('ptb-tokenizer/fuzz.ptb.txt')));
  });
});

describe('PTB tokenizer rules', () => {
  it('splits clitics and keeps abbreviations', () => {
    expect(ptbTokenize("A man's dog can't jump (over) Mr. Smith's fence, doesn't he?")).toEqual([
      'A', 'man', "'s", 'dog', 'ca', "n't", 'jump', '-LRB-', 'over', '-RRB-', 'Mr.', 'Smith', "'s", 'fence', ',', 'does', "n't", 'he', '?',
    ]);
  });

  it('reads the next line to split an abbreviation that ends a sentence, as the tool does across captions', () => {
    expect(ptbTokenizeLines('on Main St etc.\nThe end')).toEqual([['on', 'Main', 'St', 'etc.', '.'], ['The', 'end']]);
    expect(ptbTokenizeLines('on Main St etc.\nthe end')).toEqual([['on', 'Main', 'St', 'etc.'], ['the', 'end']]);
  });

  it('drops characters outside the Basic Multilingual Plane as the tool does, splitting words there', () => {
    expect(ptbTokenize('a cat😀dog 𝐀b')).toEqual(['a', 'cat', 'dog', 'b']);
  });

  it('prepares captions as pycocoevalcap does: lower case, no punctuation tokens, brackets kept as -lrb-', () => {
    expect(tokenizeCaptions(['A dog (brown) runs.', 'Two "cats" -- on a mat...', 'line\nbreak'])).toEqual(['a dog -lrb- brown -rrb- runs', 'two cats on a mat', 'line break']);
  });

  it('treats line breaks inside a caption as spaces instead of shifting later captions', () => {
    expect(tokenizeCaptions(['one\rtwo', 'three\u2028four', 'five'])).toEqual(['one two', 'three four', 'five']);
  });
});
