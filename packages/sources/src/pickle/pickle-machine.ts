import { PickleError } from './pickle-error.js';
import type { PickleDict, PickleValue } from './pickle-value.js';

/**
 * The opcodes that build objects from outside the pickle. Each would run Python code on load
 * (import a module, call a function, set an object's state), so none is ever followed.
 */
const forbidden: ReadonlyMap<number, { name: string; does: string }> = new Map([
  [0x63, { name: 'GLOBAL', does: 'imports a Python object' }],
  [0x93, { name: 'STACK_GLOBAL', does: 'imports a Python object' }],
  [0x52, { name: 'REDUCE', does: 'calls a Python function' }],
  [0x62, { name: 'BUILD', does: "sets an object's state" }],
  [0x69, { name: 'INST', does: 'creates an instance of a Python class' }],
  [0x6f, { name: 'OBJ', does: 'creates an instance of a Python class' }],
  [0x81, { name: 'NEWOBJ', does: 'creates an instance of a Python class' }],
  [0x92, { name: 'NEWOBJ_EX', does: 'creates an instance of a Python class' }],
  [0x82, { name: 'EXT1', does: 'imports a registered Python object' }],
  [0x83, { name: 'EXT2', does: 'imports a registered Python object' }],
  [0x84, { name: 'EXT4', does: 'imports a registered Python object' }],
  [0x50, { name: 'PERSID', does: 'refers to an object outside the pickle' }],
  [0x51, { name: 'BINPERSID', does: 'refers to an object outside the pickle' }],
  [0x97, { name: 'NEXT_BUFFER', does: 'reads an out-of-band buffer' }],
  [0x98, { name: 'READONLY_BUFFER', does: 'reads an out-of-band buffer' }],
]);

/** Plain data that vift still leaves out, to keep the value types small. */
const unsupported: ReadonlyMap<number, string> = new Map([
  [0x8f, 'EMPTY_SET'],
  [0x90, 'ADDITEMS'],
  [0x91, 'FROZENSET'],
]);

/** Marks a memo entry whose value was handed over and let go. */
const RELEASED = Symbol('released');

const PLAIN_DATA_FIX = 'vift reads pickles of plain data only (lists, tuples, dicts, strings, bytes, numbers, booleans, None): convert the file to JSON with Python, or re-pickle it as plain data';

/** What one step of the machine did: ran an opcode, needs more bytes, or reached STOP. */
type Step = 'ran' | 'more' | 'stop';

const utf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export type PickleMachineOptions = {
  /** A single string, bytes value or text line longer than this throws instead of being buffered. */
  maxValueBytes: number;
  /**
   * Streaming: called with the items of the top-level list (or tuple) as each is complete, instead of
   * keeping them in it. Memo entries that point into handed-over items are released, so a later
   * reference back to one throws.
   */
  onItems?: (items: PickleValue[]) => void;
};

/**
 * Runs the opcodes of a pickle over bytes pushed in pieces, keeping Python's stack, marks and memo.
 * Only the opcodes of plain data exist here; the ones that import or call code throw `PickleError`.
 * Opcodes are applied whole: one cut by a chunk boundary waits for the next chunk.
 */
export class PickleMachine {
  private bytes: Uint8Array = new Uint8Array(0);
  private position = 0;
  /** The file offset of `bytes[0]`. */
  private base = 0;
  private readonly stack: PickleValue[] = [];
  /** The stack length at each open MARK. */
  private readonly marks: number[] = [];
  /** Python's memo by key; RELEASED where `onItems` handed the value over and let it go. Keys are dense from 0. */
  private readonly memo: (PickleValue | typeof RELEASED | undefined)[] = [];
  /** How many keys the memo holds, released ones included: MEMOIZE's next key, as Python counts it. */
  private memoCount = 0;
  private memoKeysSinceItems: number[] = [];
  private root: PickleValue[] | undefined;
  private result: { value: PickleValue } | undefined;
  /** The bytes of the argument `counted` found last. */
  private argumentStart = 0;
  private argumentEnd = 0;

  constructor(private readonly options: PickleMachineOptions) {}

  /** Whether STOP was reached. */
  get done(): boolean {
    return this.result !== undefined;
  }

  /** Feeds the next bytes and runs every opcode they complete. Bytes after STOP are ignored. */
  push(chunk: Uint8Array): void {
    if (this.result !== undefined) return;
    const rest = this.bytes.subarray(this.position);
    if (rest.length === 0) {
      this.bytes = chunk;
    } else {
      const joined = new Uint8Array(rest.length + chunk.length);
      joined.set(rest);
      joined.set(chunk, rest.length);
      this.bytes = joined;
    }
    this.base += this.position;
    this.position = 0;
    while (this.result === undefined) {
      const step = this.step();
      if (step === 'more') return;
      if (this.options.onItems !== undefined && this.root === undefined) this.findRoot();
    }
  }

  /** Whether `value` is the top-level list whose items were handed to `onItems`. */
  isStreamedList(value: PickleValue): boolean {
    return this.root !== undefined && value === this.root;
  }

  /** The unpickled value; throws when the bytes ended before STOP. */
  end(): PickleValue {
    if (this.result === undefined) {
      throw this.fail(
        this.position < this.bytes.length ? 'the pickle is cut short inside an opcode' : 'the pickle ends before its STOP opcode',
        'the file is truncated: download it again',
        this.base + this.position,
      );
    }
    return this.result.value;
  }

  /** The top-level list, once it is alone on the stack: its items are handed over from now on. */
  private findRoot(): void {
    const first = this.stack[0];
    if (this.stack.length !== 1 || this.marks.length > 0 || !Array.isArray(first)) return;
    this.root = first;
    // A protocol-0 LIST (or a TUPLE) is built with its items already in it.
    if (first.length > 0) this.handOver(first.splice(0));
  }

  private handOver(items: PickleValue[]): void {
    for (const key of this.memoKeysSinceItems) {
      const value = this.memo[key];
      if (value !== undefined && typeof value === 'object' && value !== null && value !== this.root) this.memo[key] = RELEASED;
    }
    this.memoKeysSinceItems = [];
    this.options.onItems?.(items);
  }

  private step(): Step {
    const at = this.position;
    if (at >= this.bytes.length) return 'more';
    const opcode = this.bytes[at]!;
    switch (opcode) {
      case 0x80: {
        // PROTO
        const start = this.fixed(1);
        if (start < 0) return 'more';
        const version = this.bytes[start]!;
        if (version > 5) throw this.fail(`pickle protocol ${version} is newer than any vift knows (0 to 5)`, 'is this a pickle? Re-pickle it with protocol 2 to 5', this.base + at, 'PROTO');
        return this.advance(2);
      }
      case 0x95: {
        // FRAME: a length prefix for the opcodes that follow, which are read as they come.
        return this.fixed(8) < 0 ? 'more' : this.advance(9);
      }
      case 0x2e: {
        // STOP
        this.result = { value: this.pop('STOP') };
        this.position = at + 1;
        return 'stop';
      }
      case 0x28: // MARK
        this.marks.push(this.stack.length);
        return this.advance(1);
      case 0x30: // POP
        this.pop('POP');
        return this.advance(1);
      case 0x31: // POP_MARK
        this.popMark('POP_MARK');
        return this.advance(1);
      case 0x32: // DUP
        this.stack.push(this.top('DUP'));
        return this.advance(1);
      case 0x4e: // NONE
        return this.pushValue(null, 1);
      case 0x88: // NEWTRUE
        return this.pushValue(true, 1);
      case 0x89: // NEWFALSE
        return this.pushValue(false, 1);
      case 0x4a: {
        // BININT: 4-byte signed
        const start = this.fixed(4);
        return start < 0 ? 'more' : this.pushValue(int32At(this.bytes, start), 5);
      }
      case 0x4b: {
        // BININT1
        const start = this.fixed(1);
        return start < 0 ? 'more' : this.pushValue(this.bytes[start]!, 2);
      }
      case 0x4d: {
        // BININT2
        const start = this.fixed(2);
        return start < 0 ? 'more' : this.pushValue(this.bytes[start]! | (this.bytes[start + 1]! << 8), 3);
      }
      case 0x8a: // LONG1
      case 0x8b: {
        // LONG4
        if (!this.counted(opcode === 0x8a ? 1 : 4, opcode === 0x8a ? 'LONG1' : 'LONG4')) return 'more';
        return this.pushAt(decodeLong(this.argument()), this.argumentEnd);
      }
      case 0x47: {
        // BINFLOAT: 8-byte big-endian double
        const start = this.fixed(8);
        return start < 0 ? 'more' : this.pushValue(new DataView(this.bytes.buffer, this.bytes.byteOffset + start, 8).getFloat64(0, false), 9);
      }
      case 0x49: // INT
      case 0x4c: // LONG
      case 0x46: {
        // FLOAT
        const line = this.line();
        if (line === undefined) return 'more';
        const name = opcode === 0x49 ? 'INT' : opcode === 0x4c ? 'LONG' : 'FLOAT';
        return this.pushAt(opcode === 0x46 ? this.decodeFloatText(line.text, at) : this.decodeIntText(line.text, name, at), line.next);
      }
      case 0x53: {
        // STRING: a Python 2 str literal
        const line = this.line();
        if (line === undefined) return 'more';
        return this.pushAt(decodeByteString(this.decodeStringLiteral(line.text, at)), line.next);
      }
      case 0x56: {
        // UNICODE: raw-unicode-escape text
        const line = this.line();
        return line === undefined ? 'more' : this.pushAt(decodeRawUnicodeEscape(line.text), line.next);
      }
      case 0x54: // BINSTRING
      case 0x55: {
        // SHORT_BINSTRING: Python 2 str bytes
        if (!this.counted(opcode === 0x55 ? 1 : 4, opcode === 0x55 ? 'SHORT_BINSTRING' : 'BINSTRING')) return 'more';
        return this.pushAt(decodeShortAscii(this.bytes, this.argumentStart, this.argumentEnd) ?? decodeByteString(this.argument()), this.argumentEnd);
      }
      case 0x58: // BINUNICODE
      case 0x8c: // SHORT_BINUNICODE
      case 0x8d: {
        // BINUNICODE8
        if (!this.counted(opcode === 0x8c ? 1 : opcode === 0x58 ? 4 : 8, opcode === 0x8c ? 'SHORT_BINUNICODE' : opcode === 0x58 ? 'BINUNICODE' : 'BINUNICODE8')) return 'more';
        return this.pushAt(decodeShortAscii(this.bytes, this.argumentStart, this.argumentEnd) ?? utf8.decode(this.argument()), this.argumentEnd);
      }
      case 0x42: // BINBYTES
      case 0x43: // SHORT_BINBYTES
      case 0x8e: // BINBYTES8
      case 0x96: {
        // BYTEARRAY8
        const lengthBytes = opcode === 0x43 ? 1 : opcode === 0x42 ? 4 : 8;
        if (!this.counted(lengthBytes, opcode === 0x43 ? 'SHORT_BINBYTES' : opcode === 0x42 ? 'BINBYTES' : opcode === 0x8e ? 'BINBYTES8' : 'BYTEARRAY8')) return 'more';
        return this.pushAt(new Uint8Array(this.argument()), this.argumentEnd);
      }
      case 0x5d: // EMPTY_LIST
      case 0x29: // EMPTY_TUPLE
        return this.pushValue([], 1);
      case 0x7d: // EMPTY_DICT
        return this.pushValue(newDict(), 1);
      case 0x6c: // LIST
      case 0x74: // TUPLE
        return this.pushValue(this.popMark(opcode === 0x6c ? 'LIST' : 'TUPLE'), 1);
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const size = opcode - 0x84;
        if (this.stack.length - this.openMark() < size) throw this.underflow(opcode === 0x85 ? 'TUPLE1' : opcode === 0x86 ? 'TUPLE2' : 'TUPLE3');
        return this.pushValue(this.stack.splice(this.stack.length - size), 1);
      }
      case 0x64: {
        // DICT
        const items = this.popMark('DICT');
        const dict = newDict();
        this.setItems(dict, items, 'DICT');
        return this.pushValue(dict, 1);
      }
      case 0x61: {
        // APPEND
        const value = this.pop('APPEND');
        this.appendTo(this.top('APPEND'), [value], 'APPEND');
        return this.advance(1);
      }
      case 0x65: {
        // APPENDS
        const items = this.popMark('APPENDS');
        this.appendTo(this.top('APPENDS'), items, 'APPENDS');
        return this.advance(1);
      }
      case 0x73: {
        // SETITEM
        const value = this.pop('SETITEM');
        const key = this.pop('SETITEM');
        this.setItems(this.top('SETITEM'), [key, value], 'SETITEM');
        return this.advance(1);
      }
      case 0x75: {
        // SETITEMS
        const items = this.popMark('SETITEMS');
        this.setItems(this.top('SETITEMS'), items, 'SETITEMS');
        return this.advance(1);
      }
      case 0x70: // PUT
      case 0x67: {
        // GET
        const line = this.line();
        if (line === undefined) return 'more';
        const key = this.decodeMemoKey(line.text, opcode === 0x70 ? 'PUT' : 'GET', at);
        if (opcode === 0x70) this.put(key, 'PUT');
        else this.stack.push(this.get(key, 'GET'));
        this.position = line.next;
        return 'ran';
      }
      case 0x71: // BINPUT
      case 0x72: // LONG_BINPUT
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const long = opcode === 0x72 || opcode === 0x6a;
        const start = this.fixed(long ? 4 : 1);
        if (start < 0) return 'more';
        const key = long ? int32At(this.bytes, start) >>> 0 : this.bytes[start]!;
        const isPut = opcode === 0x71 || opcode === 0x72;
        const name = isPut ? (long ? 'LONG_BINPUT' : 'BINPUT') : long ? 'LONG_BINGET' : 'BINGET';
        if (isPut) this.put(key, name);
        else this.stack.push(this.get(key, name));
        return this.advance(long ? 5 : 2);
      }
      case 0x94: // MEMOIZE: the next key is the memo's size, as Python counts it
        this.put(this.memoCount, 'MEMOIZE');
        return this.advance(1);
      default:
        throw this.unknown(opcode, at);
    }
  }

  private unknown(opcode: number, at: number): PickleError {
    const bad = forbidden.get(opcode);
    if (bad !== undefined) {
      const target = opcode === 0x63 || opcode === 0x69 ? this.globalName() : undefined;
      return this.fail(`the pickle ${bad.does}${target === undefined ? '' : ` (${target})`}; vift never runs code from a pickle`, PLAIN_DATA_FIX, this.base + at, bad.name);
    }
    const set = unsupported.get(opcode);
    if (set !== undefined) return this.fail('the pickle holds a set, which vift does not read', PLAIN_DATA_FIX, this.base + at, set);
    const shown = opcode >= 0x20 && opcode < 0x7f ? ` ("${String.fromCharCode(opcode)}")` : '';
    return this.fail(`unknown opcode 0x${opcode.toString(16).padStart(2, '0')}${shown}`, 'is this a Python pickle? It may be damaged: download it again', this.base + at);
  }

  /** `module.name` of a GLOBAL or INST, when both lines are already here; for the message only. */
  private globalName(): string | undefined {
    const start = this.position + 1;
    const first = this.bytes.indexOf(0x0a, start);
    const second = first < 0 ? -1 : this.bytes.indexOf(0x0a, first + 1);
    if (second < 0) return undefined;
    return `${decodeLatin1(this.bytes.subarray(start, first))}.${decodeLatin1(this.bytes.subarray(first + 1, second))}`.slice(0, 80);
  }

  private advance(length: number): Step {
    this.position += length;
    return 'ran';
  }

  private pushValue(value: PickleValue, length: number): Step {
    this.stack.push(value);
    this.position += length;
    return 'ran';
  }

  /** Pushes a value read up to `next`, the position after the opcode's argument. */
  private pushAt(value: PickleValue, next: number): Step {
    this.stack.push(value);
    this.position = next;
    return 'ran';
  }

  /** Where the `length` bytes after the opcode start, or -1 when they are not all here yet. */
  private fixed(length: number): number {
    const start = this.position + 1;
    return start + length > this.bytes.length ? -1 : start;
  }

  /** The bytes `counted` found. */
  private argument(): Uint8Array {
    return this.bytes.subarray(this.argumentStart, this.argumentEnd);
  }

  /**
   * Finds a value after a little-endian length of `lengthBytes` bytes, setting `argumentStart` and
   * `argumentEnd`; false when it is not all here yet.
   */
  private counted(lengthBytes: 1 | 4 | 8, name: string): boolean {
    const header = this.fixed(lengthBytes);
    if (header < 0) return false;
    const bytes = this.bytes;
    const length =
      lengthBytes === 1 ? bytes[header]! : lengthBytes === 4 ? int32At(bytes, header) : Number(new DataView(bytes.buffer, bytes.byteOffset + header, 8).getBigUint64(0, true));
    if (length < 0) throw this.fail(`negative length ${length}`, 'the pickle is damaged: download it again', this.base + this.position, name);
    if (length > this.options.maxValueBytes) {
      throw this.fail(`a value of ${length} bytes is larger than the ${this.options.maxValueBytes} allowed`, 'raise maxValueBytes if the file is right', this.base + this.position, name);
    }
    const start = this.position + 1 + lengthBytes;
    if (start + length > this.bytes.length) return false;
    this.argumentStart = start;
    this.argumentEnd = start + length;
    return true;
  }

  /** The text up to the next newline (protocol 0's arguments), or undefined when the newline is not here yet. */
  private line(): { text: string; next: number } | undefined {
    const start = this.position + 1;
    const newline = this.bytes.indexOf(0x0a, start);
    if (newline < 0) {
      if (this.bytes.length - start > this.options.maxValueBytes) {
        throw this.fail(`a text argument longer than ${this.options.maxValueBytes} bytes`, 'is this a Python pickle? It may be damaged: download it again', this.base + this.position);
      }
      return undefined;
    }
    return { text: decodeLatin1(this.bytes.subarray(start, newline)), next: newline + 1 };
  }

  private top(name: string): PickleValue {
    if (this.stack.length <= this.openMark()) throw this.underflow(name);
    return this.stack[this.stack.length - 1]!;
  }

  private pop(name: string): PickleValue {
    if (this.stack.length <= this.openMark()) throw this.underflow(name);
    return this.stack.pop()!;
  }

  /** The stack length at the innermost open MARK (0 when none): values below it are out of reach. */
  private openMark(): number {
    return this.marks.length === 0 ? 0 : this.marks[this.marks.length - 1]!;
  }

  private popMark(name: string): PickleValue[] {
    const mark = this.marks.pop();
    if (mark === undefined) throw this.fail('no MARK to take values from', 'the pickle is damaged: download it again', this.base + this.position, name);
    return this.stack.splice(mark);
  }

  private appendTo(target: PickleValue, items: PickleValue[], name: string): void {
    if (!Array.isArray(target)) throw this.fail(`appends to a ${typeName(target)}, not a list`, 'the pickle is damaged: download it again', this.base + this.position, name);
    if (target === this.root) {
      this.handOver(items);
      return;
    }
    for (const item of items) target.push(item);
  }

  private setItems(target: PickleValue, items: PickleValue[], name: string): void {
    if (!isDict(target)) throw this.fail(`sets items on a ${typeName(target)}, not a dict`, 'the pickle is damaged: download it again', this.base + this.position, name);
    if (items.length % 2 !== 0) throw this.fail('a key without its value', 'the pickle is damaged: download it again', this.base + this.position, name);
    for (let index = 0; index < items.length; index += 2) {
      const key = this.dictKey(items[index]!, name);
      const value = items[index + 1]!;
      // A key named like an object's prototype must stay data, never reach the prototype.
      if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
      else target[key] = value;
    }
  }

  /** A dict key as JSON would write it. */
  private dictKey(key: PickleValue, name: string): string {
    if (typeof key === 'string') return key;
    if (typeof key === 'number' || typeof key === 'bigint') return String(key);
    if (typeof key === 'boolean' || key === null) return String(key);
    throw this.fail(`a dict key that is a ${typeName(key)}; vift reads dicts keyed by strings, numbers, booleans or None`, PLAIN_DATA_FIX, this.base + this.position, name);
  }

  private put(key: number, name: string): void {
    const value = this.top(name);
    if (this.memo[key] === undefined) this.memoCount++;
    this.memo[key] = value;
    if (this.options.onItems !== undefined) this.memoKeysSinceItems.push(key);
  }

  private get(key: number, name: string): PickleValue {
    const value = this.memo[key];
    if (value !== undefined && value !== RELEASED) return value;
    if (value === RELEASED) {
      throw this.fail(
        `refers back to memo entry ${key}, inside a list item already handed over`,
        'the items share values: read the file whole with readPickle instead of readPickleList',
        this.base + this.position,
        name,
      );
    }
    throw this.fail(`refers to memo entry ${key}, which was never stored`, 'the pickle is damaged: download it again', this.base + this.position, name);
  }

  private decodeMemoKey(text: string, name: string, at: number): number {
    if (!/^\d{1,15}$/.test(text)) throw this.fail(`memo key ${JSON.stringify(text.slice(0, 20))} is not a whole number`, 'the pickle is damaged: download it again', this.base + at, name);
    return Number(text);
  }

  private decodeIntText(text: string, name: string, at: number): number | bigint | boolean {
    // Protocol 0 writes True and False as INT 01 and 00.
    if (name === 'INT' && text === '01') return true;
    if (name === 'INT' && text === '00') return false;
    const digits = name === 'LONG' && text.endsWith('L') ? text.slice(0, -1) : text;
    if (!/^[-+]?\d+$/.test(digits)) throw this.fail(`${JSON.stringify(text.slice(0, 30))} is not a whole number`, 'the pickle is damaged: download it again', this.base + at, name);
    return toNumber(BigInt(digits));
  }

  private decodeFloatText(text: string, at: number): number {
    const lower = text.trim().toLowerCase();
    if (lower === 'inf' || lower === '+inf') return Number.POSITIVE_INFINITY;
    if (lower === '-inf') return Number.NEGATIVE_INFINITY;
    if (lower === 'nan' || lower === '-nan' || lower === '+nan') return Number.NaN;
    const value = Number(lower);
    if (lower === '' || Number.isNaN(value)) throw this.fail(`${JSON.stringify(text.slice(0, 30))} is not a number`, 'the pickle is damaged: download it again', this.base + at, 'FLOAT');
    return value;
  }

  /** The bytes of a Python 2 string literal (`'it\'s'`, `"a\x00b"`). */
  private decodeStringLiteral(text: string, at: number): Uint8Array {
    const quote = text[0];
    if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) {
      throw this.fail('a STRING argument that is not a quoted literal', 'the pickle is damaged: download it again', this.base + at, 'STRING');
    }
    return decodeEscapes(text.slice(1, -1));
  }

  private underflow(name: string): PickleError {
    return this.fail('takes a value from an empty stack', 'the pickle is damaged: download it again', this.base + this.position, name);
  }

  private fail(message: string, fix: string, byteOffset: number, opcode?: string): PickleError {
    return new PickleError({ message, fix, byteOffset, ...(opcode === undefined ? {} : { opcode }) });
  }
}

/** A little-endian 32-bit signed integer. */
function int32At(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

function newDict(): PickleDict {
  return {};
}

function isDict(value: PickleValue): value is PickleDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function typeName(value: PickleValue): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') return 'dict';
  return typeof value;
}

/** A whole number as a `number` when it is exact, else a `bigint`. */
function toNumber(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** A little-endian two's complement integer (LONG1, LONG4). */
function decodeLong(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[index]!);
  if ((bytes[bytes.length - 1]! & 0x80) !== 0) value -= 1n << BigInt(bytes.length * 8);
  return toNumber(value);
}

/** A short ASCII string (most keys and words of a pickle) read without a TextDecoder call, or undefined. */
function decodeShortAscii(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start > 64) return undefined;
  let text = '';
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    if (byte >= 0x80) return undefined;
    text += String.fromCharCode(byte);
  }
  return text;
}

/** ISO-8859-1, one character per byte (TextDecoder's 'latin1' is windows-1252, which differs at 0x80-0x9f). */
function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 8192) text += String.fromCharCode(...bytes.subarray(start, start + 8192));
  return text;
}

/** A Python 2 `str`: bytes with no declared encoding. UTF-8 when they are valid UTF-8, else Latin-1. */
function decodeByteString(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return decodeLatin1(bytes);
  }
}

const simpleEscapes: Readonly<Record<string, number>> = { '\\': 0x5c, "'": 0x27, '"': 0x22, n: 0x0a, r: 0x0d, t: 0x09, a: 0x07, b: 0x08, f: 0x0c, v: 0x0b };

/** The bytes of a Python 2 string literal's body: `\xhh`, octal and one-letter escapes. */
function decodeEscapes(body: string): Uint8Array {
  const out: number[] = [];
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char !== '\\' || index + 1 >= body.length) {
      out.push(char.charCodeAt(0) & 0xff);
      continue;
    }
    const next = body[index + 1]!;
    const simple = simpleEscapes[next];
    if (simple !== undefined) {
      out.push(simple);
      index++;
    } else if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(index + 2, index + 4))) {
      out.push(Number.parseInt(body.slice(index + 2, index + 4), 16));
      index += 3;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(index + 1))![0];
      out.push(Number.parseInt(octal, 8) & 0xff);
      index += octal.length;
    } else {
      // Python keeps an unknown escape as it is, backslash included.
      out.push(0x5c);
    }
  }
  return Uint8Array.from(out);
}

/** Python's raw-unicode-escape: Latin-1 text where `\uXXXX` and `\UXXXXXXXX` stand for other characters. */
function decodeRawUnicodeEscape(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_match, short: string | undefined, long: string | undefined) => {
    const codePoint = Number.parseInt(short ?? long!, 16);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : _match;
  });
}
