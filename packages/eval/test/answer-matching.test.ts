import { describe, expect, it } from 'vitest';
import { exactMatch, extractChoiceLetter, normalizeSquadAnswer } from '../src/index.js';

describe('multiple-choice letters (LLaVA ScienceQA rule)', () => {
  it('takes a bare letter, a "B. " prefix, or one "The answer is B."', () => {
    expect(extractChoiceLetter({ text: 'B' })).toBe('B');
    expect(extractChoiceLetter({ text: 'C. Because the sky is blue.' })).toBe('C');
    expect(extractChoiceLetter({ text: 'Looking closely, the answer is A. The answer is A.' })).toBe('A');
    expect(extractChoiceLetter({ text: 'The answer is D, clearly.' })).toBe('D');
  });

  it('fails where the rule fails', () => {
    expect(extractChoiceLetter({ text: 'The answer is B' })).toBeUndefined(); // the pattern needs a character after the letter
    expect(extractChoiceLetter({ text: 'The answer is A. No wait, The answer is B.' })).toBeUndefined(); // two matches
    expect(extractChoiceLetter({ text: '(B) a cat' })).toBeUndefined();
    expect(extractChoiceLetter({ text: 'b' })).toBeUndefined();
    expect(extractChoiceLetter({ text: 'E', choiceCount: 4 })).toBeUndefined(); // not one of this question's choices
    expect(extractChoiceLetter({ text: 'The answer is F.' })).toBeUndefined();
  });

  it('reads more shapes with the lenient strategy', () => {
    const lenient = (text: string) => extractChoiceLetter({ text, strategy: 'lenient' });
    expect(lenient('(B) a cat')).toBe('B');
    expect(lenient('B) a cat')).toBe('B');
    expect(lenient('C\nBecause it is red.')).toBe('C');
    expect(lenient('Answer: D')).toBe('D');
    expect(lenient('I would pick option A here')).toBe('A');
    expect(lenient('A cat is on the mat')).toBeUndefined();
    expect(lenient('Both are wrong')).toBeUndefined();
  });
});

describe('exact match', () => {
  it('compares SQuAD-normalised answers by default', () => {
    expect(normalizeSquadAnswer('The  Eiffel Tower!')).toBe('eiffel tower');
    expect(exactMatch({ prediction: 'the Eiffel tower.', references: ['Eiffel Tower'] })).toBe(true);
    expect(exactMatch({ prediction: 'Paris', references: ['Lyon', 'paris'] })).toBe(true);
    expect(exactMatch({ prediction: 'Paris, France', references: 'Paris' })).toBe(false);
  });

  it('can compare trimmed or raw strings', () => {
    expect(exactMatch({ prediction: ' Yes ', references: 'Yes', normalize: 'trim' })).toBe(true);
    expect(exactMatch({ prediction: ' Yes ', references: 'Yes', normalize: 'none' })).toBe(false);
    expect(exactMatch({ prediction: 'yes', references: 'Yes', normalize: 'trim' })).toBe(false);
  });
});
