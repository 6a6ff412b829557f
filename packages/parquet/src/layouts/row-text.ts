import type { JsonObject, JsonValue } from '@vift/schema';
import { escapeMetaKeys } from '../meta-keys.js';

/**
 * Strings for one row. Parquet strings must be valid UTF-8, but JSON text may hold lone surrogates
 * ("\ud800"): such a string is written with U+FFFD in their place and its original goes to the row's meta
 * under "vift:text" (JSON escapes keep it exact), from where the reader puts it back.
 */
export class RowText {
  repairs: Record<string, string> | undefined;

  /**
   * With `keepLeadingByteOrderMarks`, a string that starts with U+FEFF is also kept in meta: Arrow's
   * JavaScript reader decodes UTF-8 with TextDecoder, which drops a leading byte order mark.
   */
  constructor(private readonly options: { keepLeadingByteOrderMarks?: boolean } = {}) {}

  wellFormed(text: string, where: string): string {
    if (text.isWellFormed()) {
      if (this.options.keepLeadingByteOrderMarks === true && text.charCodeAt(0) === 0xfeff) (this.repairs ??= {})[where] = text;
      return text;
    }
    (this.repairs ??= {})[where] = text;
    return text.toWellFormed();
  }

  /** The row's meta JSON: the sample's meta (keys escaped) plus vift's own notes, or undefined when there is none. */
  metaJson(meta: JsonObject | undefined, notes: Record<string, JsonValue | undefined>): string | undefined {
    let merged: JsonObject | undefined = meta === undefined ? undefined : escapeMetaKeys(meta);
    for (const [key, value] of Object.entries(notes)) {
      if (value === undefined) continue;
      merged = { ...merged, [key]: value };
    }
    if (this.repairs !== undefined) merged = { ...merged, 'vift:text': this.repairs };
    // The sample's own meta was {}: say so, since the notes beside it would otherwise hide that.
    if (meta !== undefined && Object.keys(meta).length === 0 && Object.keys(merged ?? {}).length > 0) merged = { ...merged, 'vift:meta-empty': true };
    return merged === undefined ? undefined : JSON.stringify(merged);
  }

  get repaired(): number {
    return this.repairs === undefined ? 0 : Object.keys(this.repairs).length;
  }
}
