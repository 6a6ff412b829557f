export type PythonValue = number | string | boolean | null | PythonValue[] | { [key: string]: PythonValue };

/**
 * Reads the `repr` of a Python dict of plain values, as the Hugging Face Trainer prints its logs
 * (`{'loss': 1.2345, 'grad_norm': 0.81, 'learning_rate': 2e-05, 'epoch': 0.01}`): quoted strings, numbers
 * (also nan, inf), True/False/None, lists, tuples and dicts. A value it cannot read (such as
 * `tensor(1.2, device='cuda:0')`) makes the whole line unreadable: returns undefined.
 */
export function parsePythonDict(text: string): Record<string, PythonValue> | undefined {
  const reader = new Reader(text.trim());
  try {
    const value = reader.value();
    reader.skipSpace();
    if (!reader.atEnd() || typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

class Reader {
  private position = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }

  private expect(character: string): void {
    this.skipSpace();
    if (this.text[this.position] !== character) throw new SyntaxError(`expected ${character} at ${this.position}`);
    this.position++;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.position];
  }

  value(): PythonValue {
    const next = this.peek();
    if (next === '{') return this.dict();
    if (next === '[') return this.sequence('[', ']');
    if (next === '(') return this.sequence('(', ')');
    if (next === "'" || next === '"') return this.string();
    return this.word();
  }

  private dict(): Record<string, PythonValue> {
    this.expect('{');
    const result: Record<string, PythonValue> = {};
    if (this.peek() === '}') {
      this.position++;
      return result;
    }
    for (;;) {
      const key = this.value();
      if (typeof key !== 'string' && typeof key !== 'number') throw new SyntaxError('dict keys must be strings or numbers');
      this.expect(':');
      Object.defineProperty(result, String(key), { value: this.value(), enumerable: true, writable: true, configurable: true });
      const separator = this.peek();
      this.position++;
      if (separator === '}') return result;
      if (separator !== ',') throw new SyntaxError('expected , or }');
      if (this.peek() === '}') {
        this.position++;
        return result;
      }
    }
  }

  private sequence(open: string, close: string): PythonValue[] {
    this.expect(open);
    const items: PythonValue[] = [];
    while (this.peek() !== close) {
      items.push(this.value());
      if (this.peek() === ',') this.position++;
      else if (this.peek() !== close) throw new SyntaxError(`expected , or ${close}`);
    }
    this.position++;
    return items;
  }

  private string(): string {
    const quote = this.text[this.position]!;
    this.position++;
    let result = '';
    for (;;) {
      const character = this.text[this.position];
      if (character === undefined) throw new SyntaxError('unterminated string');
      this.position++;
      if (character === quote) return result;
      if (character !== '\\') {
        result += character;
        continue;
      }
      const escaped = this.text[this.position++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
      if (escaped !== undefined && escaped in simple) result += simple[escaped];
      else if (escaped === 'x' || escaped === 'u' || escaped === 'U') {
        const length = escaped === 'x' ? 2 : escaped === 'u' ? 4 : 8;
        const hex = this.text.slice(this.position, this.position + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new SyntaxError('bad escape');
        result += String.fromCodePoint(Number.parseInt(hex, 16));
        this.position += length;
      } else throw new SyntaxError('bad escape');
    }
  }

  private word(): PythonValue {
    const match = /^[^\s,:}\])]+/.exec(this.text.slice(this.position));
    if (match === null) throw new SyntaxError(`unexpected ${this.text[this.position] ?? 'end'}`);
    const word = match[0];
    this.position += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    if (word === 'nan') return Number.NaN;
    if (word === 'inf') return Number.POSITIVE_INFINITY;
    if (word === '-inf') return Number.NEGATIVE_INFINITY;
    if (/^[-+]?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(word)) return Number(word.replace(/_/g, ''));
    throw new SyntaxError(`not a plain value: ${word}`);
  }
}
