/** A decoded Thrift compact value: structs as maps from field id, lists as arrays, binaries as bytes. */
export type ThriftValue = number | boolean | Uint8Array | ThriftValue[] | ThriftStruct;
export type ThriftStruct = Map<number, ThriftValue>;

/**
 * Reads Thrift compact-protocol structs generically (every field kept by its id), enough for Parquet's
 * footer and page headers. Throws on bytes that run past the end.
 */
export class ThriftReader {
  offset: number;

  constructor(
    private readonly bytes: Uint8Array,
    offset = 0,
  ) {
    this.offset = offset;
  }

  private byte(): number {
    if (this.offset >= this.bytes.length) throw new RangeError('Thrift data ends early');
    return this.bytes[this.offset++]!;
  }

  private varint(): number {
    let result = 0;
    let multiplier = 1;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return result;
      multiplier *= 128;
      if (multiplier > 2 ** 63) throw new RangeError('Thrift varint too long');
    }
  }

  private zigzag(): number {
    const value = this.varint();
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }

  struct(): ThriftStruct {
    const fields: ThriftStruct = new Map();
    let fieldId = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === 0) return fields;
      const delta = header >> 4;
      fieldId = delta === 0 ? this.zigzag() : fieldId + delta;
      fields.set(fieldId, this.value(type));
    }
  }

  private value(type: number): ThriftValue {
    switch (type) {
      case 1:
        return true;
      case 2:
        return false;
      case 3:
        return this.byte();
      case 4:
      case 5:
      case 6:
        return this.zigzag();
      case 7: {
        if (this.offset + 8 > this.bytes.length) throw new RangeError('Thrift data ends early');
        const value = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 8).getFloat64(0, true);
        this.offset += 8;
        return value;
      }
      case 8: {
        const length = this.varint();
        if (this.offset + length > this.bytes.length) throw new RangeError('Thrift data ends early');
        const value = this.bytes.subarray(this.offset, this.offset + length);
        this.offset += length;
        return value;
      }
      case 9:
      case 10: {
        const header = this.byte();
        const size = header >> 4 === 15 ? this.varint() : header >> 4;
        const elementType = header & 0x0f;
        const items: ThriftValue[] = [];
        // Booleans in lists are one byte each.
        for (let i = 0; i < size; i++) items.push(elementType === 1 || elementType === 2 ? this.byte() === 1 : this.value(elementType));
        return items;
      }
      case 12:
        return this.struct();
      default:
        throw new RangeError(`unknown Thrift type ${type}`);
    }
  }
}

const utf8 = new TextDecoder();

export function thriftString(value: ThriftValue | undefined): string | undefined {
  return value instanceof Uint8Array ? utf8.decode(value) : undefined;
}

export function thriftNumber(value: ThriftValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function thriftStruct(value: ThriftValue | undefined): ThriftStruct | undefined {
  return value instanceof Map ? value : undefined;
}

export function thriftList(value: ThriftValue | undefined): ThriftValue[] {
  return Array.isArray(value) ? value : [];
}
