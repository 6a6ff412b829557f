import type { JsonValue } from '@vift/schema';

/**
 * A Parquet value as JSON: 64-bit integers (bigint) become numbers (or strings beyond 2^53), bytes become
 * base64 text, so values of columns vift does not model can travel in meta.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJsonValue(item)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value as JsonValue;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}
