import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PickleError } from '../src/pickle/pickle-error.js';
import type { PickleDict, PickleValue } from '../src/pickle/pickle-value.js';
import { parsePickle, readPickle, readPickleList } from '../src/pickle/read-pickle.js';
import { SourceFileError } from '../src/source-error.js';
import { extraFixture } from './extra-fixtures.js';
import { caught, collect } from './fixtures.js';
import { useTempFolders } from './temp-folder.js';

const temporaryFolder = useTempFolders();

/** The value `fixtures/sources-extra/make-pickles.py` pickles as PLAIN, as the reader must give it back. */
function plainValue(): PickleDict {
  const shared = ['shared', 'list'];
  const value: PickleDict = {
    none: null,
    true: true,
    false: false,
    ints: [0, 1, -1, 255, 256, 65535, 65536, -2147483648, 2147483647, 2 ** 53 - 1, -(2 ** 53) + 1],
    'big ints': [2n ** 53n, -(2n ** 53n), 2n ** 70n, -(2n ** 70n), 12345678901234567890123n],
    floats: [0.5, -0, 1e300, -2.25, 3.141592653589793, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
    strings: ['', 'plain', "it's", 'say "hi"', 'back\\slash', 'new\nline', 'tab\there', 'café', '€ 😀', '\u0000'],
    tuple: [1, 'two', [3, null]],
    empty: [[], [], {}],
    nested: { a: { b: { c: [1, [2, [3]]] } } },
    1: 'int key',
    '2.5': 'float key',
    twice: [shared, shared],
  };
  // As data, not as the object's prototype.
  Object.defineProperty(value, '__proto__', { value: 'stays a key', enumerable: true, writable: true, configurable: true });
  return value;
}

/** Bytes from a string of byte values written as characters (`'\x80\x02]'`). */
function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function parseError(text: string, maxValueBytes?: number): PickleError {
  try {
    parsePickle(bytes(text), maxValueBytes === undefined ? {} : { maxValueBytes });
  } catch (error) {
    if (PickleError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a PickleError');
}

describe('parsePickle and readPickle', () => {
  it.each([0, 1, 2, 3, 4, 5])('reads back the plain data Python pickled with protocol %i', async (protocol) => {
    const file = extraFixture(`pickle/plain-protocol-${protocol}.pkl`);
    const fromBytes = parsePickle(await readFile(file));
    expect(fromBytes).toStrictEqual(plainValue());
    // Read chunk by chunk, opcodes cut anywhere, the value is the same.
    for (const chunkBytes of [1, 7, 64]) expect(await readPickle(file, { chunkBytes })).toStrictEqual(fromBytes);
  });

  it('keeps a "__proto__" key as data, never as the prototype', async () => {
    const value = (await readPickle(extraFixture('pickle/plain-protocol-2.pkl'))) as PickleDict;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe('stays a key');
  });

  it('reads a value Python stored once and referred back to as the same value', async () => {
    const value = (await readPickle(extraFixture('pickle/plain-protocol-4.pkl'))) as PickleDict;
    const twice = value.twice as PickleValue[];
    expect(twice[0]).toBe(twice[1]);
  });

  it('reads bytes (protocol 3) and bytearray (protocol 5) as Uint8Array', async () => {
    const bytesValue = { bytes: Uint8Array.of(0, 1, 0xfe, 0xff), 'empty bytes': new Uint8Array(0) };
    expect(await readPickle(extraFixture('pickle/bytes-protocol-3.pkl'))).toStrictEqual(bytesValue);
    expect(await readPickle(extraFixture('pickle/bytes-protocol-5.pkl'))).toStrictEqual({ ...bytesValue, bytearray: Uint8Array.of(0x61, 0x62, 0x63) });
  });

  it.each([0, 2])('reads Python 2 byte strings as UTF-8 when they are, else as Latin-1 (protocol %i)', async (protocol) => {
    const value = await readPickle(extraFixture(`pickle/python2-strings-protocol-${protocol}.pkl`));
    expect(value).toStrictEqual({ utf8: 'café 😀', latin1: 'café', quote: 'it\'s "quoted"', escapes: 'a\tb\nc\\d' });
  });

  it('reads the protocol 0 forms of True, False, long integers and raw-unicode text', () => {
    // [True, False, 5L, -12345678901234567890L, 1.5, u'\u00e9\U0001f600 \\u005c']
    const pickle = "(lp0\nI01\naI00\naL5L\naL-12345678901234567890L\naF1.5\naV\\u00e9\\U0001f600 \\u005c\na.";
    expect(parsePickle(bytes(pickle))).toStrictEqual([true, false, 5, -12345678901234567890n, 1.5, 'é😀 \\']);
  });

  it.each([
    ['REDUCE', '\x80\x02])R.', 4],
    ['BUILD', '\x80\x02]}b.', 4],
    ['INST', '(iposix\nsystem\n.', 1],
    ['OBJ', '(]o.', 2],
    ['NEWOBJ', '\x80\x02])\x81.', 4],
    ['NEWOBJ_EX', '\x80\x04])}\x92.', 5],
    ['EXT1', '\x80\x02\x82\x01.', 2],
    ['EXT2', '\x80\x02\x83\x01\x00.', 2],
    ['EXT4', '\x80\x02\x84\x01\x00\x00\x00.', 2],
    ['PERSID', 'Pkey\n.', 0],
    ['BINPERSID', ']Q.', 1],
    ['GLOBAL', 'cos\nsystem\n.', 0],
    ['STACK_GLOBAL', '\x80\x04\x8c\x02os\x8c\x06system\x93.', 14],
    ['NEXT_BUFFER', '\x80\x05\x97.', 2],
    ['READONLY_BUFFER', '\x80\x05]\x98.', 3],
  ])('refuses %s, which would run code or read outside the pickle', (opcode, pickle, byteOffset) => {
    const error = parseError(pickle);
    expect(error.opcode).toBe(opcode);
    expect(error.byteOffset).toBe(byteOffset);
    expect(error.message).toMatch(/vift never runs code from a pickle$/);
    expect(error.fix).toMatch(/plain data/);
  });

  it('names the module and function a GLOBAL would import', () => {
    expect(parseError('cposix\nsystem\n.').message).toBe('byte 0 (GLOBAL): the pickle imports a Python object (posix.system); vift never runs code from a pickle');
  });

  it.each([0, 2, 4])('refuses a pickle that calls os.system when loaded (protocol %i), naming the file and byte', async (protocol) => {
    const file = extraFixture(`pickle/runs-code-protocol-${protocol}.pkl`);
    const error = await caught(() => readPickle(file));
    expect(SourceFileError.isInstance(error)).toBe(true);
    const sourceError = error as SourceFileError;
    expect(sourceError.file).toBe(file);
    expect(sourceError.message).toMatch(protocol === 4 ? /STACK_GLOBAL: the pickle imports a Python object; vift never runs code/ : /GLOBAL: the pickle imports a Python object \(posix\.system\)/);
    expect(sourceError.byteOffset).toBeGreaterThan(0);
    // The list reader hands over the items before it and refuses at the same opcode.
    const items: unknown[] = [];
    const streamed = await caught(async () => {
      for await (const item of readPickleList(file)) items.push(item.value);
    });
    expect((streamed as SourceFileError).byteOffset).toBe(sourceError.byteOffset);
  });

  it('refuses sets, which are outside the values vift reads', async () => {
    const error = await caught(() => readPickle(extraFixture('pickle/set-protocol-4.pkl')));
    expect((error as SourceFileError).message).toMatch(/EMPTY_SET: the pickle holds a set/);
  });

  it.each([
    ['an unknown opcode', '\x80\x02\xff.', /unknown opcode 0xff/, 2],
    ['a protocol from the future', '\x80\x06].', /pickle protocol 6 is newer/, 0],
    ['bytes that end before STOP', '\x80\x02]q\x00(K\x01', /ends before its STOP opcode/, 8],
    ['an opcode cut short', '\x80\x02X\x05\x00\x00\x00ab', /cut short inside an opcode/, 2],
    ['a memo entry never stored', '\x80\x02h\x07.', /memo entry 7, which was never stored/, 2],
    ['a value taken from an empty stack', '\x80\x02a.', /takes a value from an empty stack/, 2],
    ['APPENDS without MARK', '\x80\x02]K\x01e.', /no MARK/, 5],
    ['SETITEM on a list', '\x80\x02]K\x01K\x02s.', /sets items on a list, not a dict/, 7],
    ['a dict keyed by a list', '\x80\x02}]K\x01s.', /a dict key that is a list/, 6],
  ])('refuses %s', (_name, pickle, message, byteOffset) => {
    const error = parseError(pickle);
    expect(error.message).toMatch(message);
    expect(error.byteOffset).toBe(byteOffset);
  });

  it('refuses a declared length beyond maxValueBytes without waiting for the bytes', () => {
    // BINUNICODE8 of 2^40 bytes.
    const error = parseError('\x80\x04\x8d\x00\x00\x00\x00\x00\x01\x00\x00', 1024);
    expect(error.message).toMatch(/a value of 1099511627776 bytes is larger than the 1024 allowed/);
  });

  it('turns a missing file into a SourceFileError naming it', async () => {
    const error = await caught(() => readPickle('/no/such/refs.p'));
    expect((error as SourceFileError).message).toBe('/no/such/refs.p: no such file');
  });
});

describe('readPickleList', () => {
  const many = Array.from({ length: 2500 }, (_, index) => ({ index, text: `item ${index}`, split: index % 3 === 0 ? 'val' : 'train' }));

  it.each([0, 2, 5])('streams the 2500 items of a list pickled with protocol %i, in order, whatever the chunk size', async (protocol) => {
    const file = extraFixture(`pickle/many-items-protocol-${protocol}.pkl`);
    for (const chunkBytes of [5, 4096, 1 << 20]) {
      const items = await collect(readPickleList(file, { chunkBytes }));
      expect(items.map((item) => item.index)).toEqual(many.map((_, index) => index));
      expect(items.map((item) => item.value)).toStrictEqual(many);
    }
  });

  it('hands over the first items before the file is read to its end', async () => {
    const file = extraFixture('pickle/many-items-protocol-2.pkl');
    const seen: number[] = [];
    for await (const item of readPickleList(file, { chunkBytes: 1024 })) {
      seen.push(item.index);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
  });

  it('refuses items that share a list across items handed over one by one; readPickle reads them', async () => {
    const file = extraFixture('pickle/shared-items-protocol-0.pkl');
    const whole = (await readPickle(file)) as PickleDict[];
    expect(whole).toStrictEqual([{ values: [1, 2, 3] }, { values: [1, 2, 3] }]);
    expect(whole[0]!.values).toBe(whole[1]!.values);
    const error = await caught(() => collect(readPickleList(file)));
    expect((error as SourceFileError).message).toMatch(/\(at byte 48\): GET: refers back to memo entry 3, inside a list item already handed over$/);
    expect((error as SourceFileError).fix).toMatch(/read the file whole with readPickle/);
  });

  it('streams items that share a list within one APPENDS batch', async () => {
    const items = await collect(readPickleList(extraFixture('pickle/shared-items-protocol-2.pkl')));
    expect(items.map((item) => item.value)).toStrictEqual([{ values: [1, 2, 3] }, { values: [1, 2, 3] }]);
    expect((items[0]!.value as PickleDict).values).toBe((items[1]!.value as PickleDict).values);
  });

  it('refuses a pickle whose value is a dict', async () => {
    const file = extraFixture('pickle/dict-protocol-2.pkl');
    const error = await caught(() => collect(readPickleList(file)));
    expect((error as SourceFileError).message).toBe(`${file}: the pickle holds a dict, not a list`);
  });

  it('reads an empty list and a top-level tuple', async () => {
    const folder = await temporaryFolder();
    const empty = join(folder, 'empty.p');
    await writeFile(empty, bytes('\x80\x02]q\x00.'));
    expect(await collect(readPickleList(empty))).toEqual([]);
    const tuple = join(folder, 'tuple.p');
    await writeFile(tuple, bytes('(I1\nI2\nt.'));
    expect(await collect(readPickleList(tuple))).toEqual([
      { index: 0, value: 1 },
      { index: 1, value: 2 },
    ]);
  });
});
