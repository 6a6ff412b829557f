import { ByteBuffer } from './byte-buffer.js';

// Thrift compact protocol type codes.
export const ThriftType = {
  booleanTrue: 1,
  booleanFalse: 2,
  byte: 3,
  i16: 4,
  i32: 5,
  i64: 6,
  double: 7,
  binary: 8,
  list: 9,
  struct: 12,
} as const;

/**
 * The few parts of the Thrift compact protocol that Parquet's footer and page headers need: structs of
 * integers, strings, booleans, lists and nested structs, written field by field in ascending id order.
 */
export class ThriftWriter {
  readonly buffer: ByteBuffer;
  private lastFieldId = 0;
  private readonly fieldIdStack: number[] = [];

  constructor(buffer = new ByteBuffer(1024)) {
    this.buffer = buffer;
  }

  private fieldHeader(fieldId: number, type: number): void {
    const delta = fieldId - this.lastFieldId;
    if (delta > 0 && delta <= 15) this.buffer.writeByte((delta << 4) | type);
    else {
      this.buffer.writeByte(type);
      this.writeZigzag(fieldId);
    }
    this.lastFieldId = fieldId;
  }

  private writeZigzag(value: number): void {
    this.buffer.writeVarint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  i32(fieldId: number, value: number): this {
    this.fieldHeader(fieldId, ThriftType.i32);
    this.writeZigzag(value);
    return this;
  }

  i64(fieldId: number, value: number): this {
    this.fieldHeader(fieldId, ThriftType.i64);
    this.writeZigzag(value);
    return this;
  }

  boolean(fieldId: number, value: boolean): this {
    this.fieldHeader(fieldId, value ? ThriftType.booleanTrue : ThriftType.booleanFalse);
    return this;
  }

  string(fieldId: number, value: string): this {
    this.fieldHeader(fieldId, ThriftType.binary);
    const bytes = new TextEncoder().encode(value);
    this.buffer.writeVarint(bytes.length);
    this.buffer.writeBytes(bytes);
    return this;
  }

  /** A nested struct: `write` fills it in, then the struct is closed. */
  struct(fieldId: number, write: (writer: this) => void): this {
    this.fieldHeader(fieldId, ThriftType.struct);
    this.writeStructBody(write);
    return this;
  }

  private writeStructBody(write: (writer: this) => void): void {
    this.fieldIdStack.push(this.lastFieldId);
    this.lastFieldId = 0;
    write(this);
    this.buffer.writeByte(0); // stop field
    this.lastFieldId = this.fieldIdStack.pop()!;
  }

  private listHeader(fieldId: number, size: number, elementType: number): void {
    this.fieldHeader(fieldId, ThriftType.list);
    if (size < 15) this.buffer.writeByte((size << 4) | elementType);
    else {
      this.buffer.writeByte(0xf0 | elementType);
      this.buffer.writeVarint(size);
    }
  }

  i32List(fieldId: number, values: readonly number[]): this {
    this.listHeader(fieldId, values.length, ThriftType.i32);
    for (const value of values) this.writeZigzag(value);
    return this;
  }

  stringList(fieldId: number, values: readonly string[]): this {
    this.listHeader(fieldId, values.length, ThriftType.binary);
    for (const value of values) {
      const bytes = new TextEncoder().encode(value);
      this.buffer.writeVarint(bytes.length);
      this.buffer.writeBytes(bytes);
    }
    return this;
  }

  structList<Item>(fieldId: number, items: readonly Item[], write: (writer: this, item: Item) => void): this {
    this.listHeader(fieldId, items.length, ThriftType.struct);
    for (const item of items) this.writeStructBody((writer) => write(writer, item));
    return this;
  }

  /** Writes a top-level struct (a page header or the file footer). */
  root(write: (writer: this) => void): this {
    this.writeStructBody(write);
    return this;
  }
}
