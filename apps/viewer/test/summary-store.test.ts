import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { SummaryStore } from '../src/server/summary-store.js';

describe('SummaryStore', () => {
  it('gives back every row by index, before and after its chunk is written, with multi-byte text', async () => {
    const store = await SummaryStore.create();
    const row = (index: number) => `${JSON.stringify({ index, text: `ligne ${index} — 画像 ${'x'.repeat(index % 300)}` })}\n`;
    const count = 12_000; // several 1 MiB chunks
    const early: Array<Promise<string[]>> = [];
    for (let index = 0; index < count; index++) {
      store.append(row(index));
      // Reads while chunks are being written.
      if (index % 2999 === 0) early.push(store.read([0, index]));
    }
    expect(store.size).toBe(count);
    for (const [position, rows] of (await Promise.all(early)).entries()) expect(rows).toEqual([row(0), row(position * 2999)]);
    const wanted = [count - 1, 0, 5000, 5001, 11_998, 4242];
    expect(await store.read(wanted)).toEqual(wanted.map(row));
    store.flush();
    expect(await store.read(wanted)).toEqual(wanted.map(row));
    await expect(store.read([count])).rejects.toThrow(/not stored/);
    const folder = (store as unknown as { folder: string }).folder;
    expect(existsSync(folder)).toBe(true);
    await store.close();
    expect(existsSync(folder)).toBe(false);
  });
});
