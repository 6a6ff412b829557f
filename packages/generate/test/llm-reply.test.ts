import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAnswerReply, parseDialogReply } from '../src/llm/index.js';
import { llavaFixtures } from './llm-fixtures.js';

const reasonOf = (text: string) => {
  const parsed = parseDialogReply(text);
  return parsed.ok ? undefined : parsed.reason;
};

describe('parseDialogReply', () => {
  it('reads the conversations of LLaVA’s few-shot examples', async () => {
    const parsed = parseDialogReply(await readFile(llavaFixtures('prompts/conversation/000_conv.txt'), 'utf8'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.pairs.map((pair) => pair.question)).toEqual([
      'What color is the fire hydrant in the image?',
      'Is the fire hydrant fully covered by snow or partially visible?',
      'What is the condition of the sidewalk near the fire hydrant?',
      'What does the image suggest about the winter season in the city?',
    ]);
    expect(parsed.pairs[0]!.answer).toBe('The fire hydrant in the image is red.');
    // Paragraphs inside an answer are kept; the answer ends where the next separator starts.
    expect(parsed.pairs[3]!.answer.split('\n\n')).toHaveLength(4);
    expect(parsed.pairs[3]!.answer.endsWith('residents and infrastructure.')).toBe(true);

    const skiing = parseDialogReply(await readFile(llavaFixtures('prompts/conversation/001_conv.txt'), 'utf8'));
    expect(skiing.ok && skiing.pairs.length).toBe(4);
    expect(skiing.ok && skiing.pairs[3]!.answer).toContain('1. Cross-Country Skiing:\nAlso known as Nordic skiing');
  });

  it('reads the single question and answer of a complex reasoning example', async () => {
    for (const file of ['000', '001', '002']) {
      const parsed = parseDialogReply(await readFile(llavaFixtures(`prompts/complex_reasoning/${file}_conv.txt`), 'utf8'));
      expect(parsed.ok && parsed.pairs.length).toBe(1);
    }
    const ties = parseDialogReply(await readFile(llavaFixtures('prompts/complex_reasoning/000_conv.txt'), 'utf8'));
    expect(ties.ok && ties.pairs[0]!.question).toBe('What is unusual about this photo?');
  });

  it('accepts labels on the same line, in bold, and missing separators', () => {
    expect(parseDialogReply('Question: How many cats are there?\nAnswer: Two.\n\n**Question:** Where are they?\n**Answer:**\nOn the sofa.')).toEqual({
      ok: true,
      pairs: [
        { question: 'How many cats are there?', answer: 'Two.' },
        { question: 'Where are they?', answer: 'On the sofa.' },
      ],
    });
    expect(parseDialogReply('question:\nIs it raining?\n=====\nanswer:\nNo.\n===\n')).toEqual({ ok: true, pairs: [{ question: 'Is it raining?', answer: 'No.' }] });
  });

  it('says why a reply is malformed', () => {
    expect(reasonOf('Sure! Here is a conversation.\nQuestion:\nWhat is it?\n===\nAnswer:\nA cat.')).toBe('the reply does not start with "Question:" (it starts "Sure! Here is a conversation.")');
    expect(reasonOf('Answer:\nA cat.')).toBe('block 1 is an answer where question 1 should be');
    expect(reasonOf('Question:\nWhat is it?\n===\nAnswer:\nA cat.\n===\nQuestion:\nWhat colour is it?')).toBe('question 2 has no answer');
    expect(reasonOf('Question:\nWhat is it?\n===\nQuestion:\nWhat colour is it?\n===\nAnswer:\nBlack.')).toBe('question 1 is followed by another question, not an answer');
    expect(reasonOf('Question:\nWhat is it?\n===\nAnswer:\n\n===')).toBe('the answer to question 1 is empty');
    expect(reasonOf('Question:\n===\nAnswer:\nA cat.')).toBe('question 1 is empty');
    expect(reasonOf('  \n===\n')).toBe('the reply is empty');
  });
});

describe('parseAnswerReply', () => {
  it('takes a description as the answer to the question given', async () => {
    const description = await readFile(llavaFixtures('prompts/detail_description/001_conv.txt'), 'utf8');
    expect(parseAnswerReply(`\n${description}\n`, 'Describe this image in detail.')).toEqual({ ok: true, pairs: [{ question: 'Describe this image in detail.', answer: description.trim() }] });
    expect(parseAnswerReply('Answer: A harbour full of boats.', 'q')).toEqual({ ok: true, pairs: [{ question: 'q', answer: 'A harbour full of boats.' }] });
    expect(parseAnswerReply('  ', 'q')).toEqual({ ok: false, reason: 'the reply is empty' });
    expect(parseAnswerReply('Question:\nWhat is it?\n===\nAnswer:\nA boat.', 'q')).toEqual({ ok: false, reason: 'the reply is question and answer blocks, not a description' });
  });
});
