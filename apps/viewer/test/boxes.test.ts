import { describe, expect, it } from 'vitest';
import { boxesInText, boxesOfTurns } from '../src/shared/boxes.js';

describe('boxes in turn text', () => {
  it('reads the boxes the generators write, with the category of an object list', () => {
    const text = 'refrigerator: [0.578, 0.289, 0.969, 0.846]\noven: [0.078, 0.452, 0.377, 0.813]';
    const boxes = boxesInText(text);
    expect(boxes.map((entry) => entry.box)).toEqual([
      [0.578, 0.289, 0.969, 0.846],
      [0.078, 0.452, 0.377, 0.813],
    ]);
    expect(boxes.map((entry) => entry.lineLabel)).toEqual(['refrigerator', 'oven']);
    expect(text.slice(boxes[1]!.start, boxes[1]!.end)).toBe('[0.078, 0.452, 0.377, 0.813]');
  });

  it('takes integer ends and Python-style floats ("1.0", "0.0")', () => {
    expect(boxesInText('[0.37, 0.584, 0.0, 1.0]')).toEqual([]); // x2 < x1: not a box
    expect(boxesInText('[0, 0.5, 1, 1.0]').map((entry) => entry.box)).toEqual([[0, 0.5, 1, 1]]);
  });

  it('leaves out pixel boxes, inverted boxes and other bracketed numbers', () => {
    expect(boxesInText('[12, 40, 200, 300]')).toEqual([]);
    expect(boxesInText('[0.5, 0.5, 0.2, 0.9]')).toEqual([]);
    expect(boxesInText('[0.1, 0.2, 0.3]')).toEqual([]);
    expect(boxesInText('choices: [1, 2, 3, 4]')).toEqual([]);
  });

  it('labels a region question by its answer and a grounding answer by the quoted phrase', () => {
    const turns = [
      { role: 'user', text: '<image>\nDescribe the region [0.011, 0.394, 0.244, 0.617] of the image with a short phrase.' },
      { role: 'assistant', text: 'Tv on the left' },
      { role: 'user', text: 'Give the bounding box of the region described as "man in red", as [x1, y1, x2, y2] in relative coordinates.' },
      { role: 'assistant', text: '[0.1, 0.2, 0.5, 0.9]' },
      { role: 'user', text: 'Where is it?' },
      { role: 'assistant', text: 'It is at [0.2, 0.2, 0.4, 0.4].' },
    ];
    expect(boxesOfTurns(turns)).toEqual([
      { turnIndex: 0, box: [0.011, 0.394, 0.244, 0.617], label: 'Tv on the left' },
      { turnIndex: 3, box: [0.1, 0.2, 0.5, 0.9], label: 'man in red' },
      { turnIndex: 5, box: [0.2, 0.2, 0.4, 0.4], label: 'turn 6' },
    ]);
  });
});
