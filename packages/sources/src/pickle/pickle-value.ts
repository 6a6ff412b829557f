/**
 * A value read from a pickle of plain data. Python's `None`, `bool`, `int`, `float`, `str`, `bytes`,
 * `list`, `tuple` and `dict` map to `null`, `boolean`, `number` (or `bigint` beyond 2^53), `number`,
 * `string`, `Uint8Array`, arrays (tuples too) and objects.
 */
export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | PickleDict;

/** A Python `dict`; keys are strings as JSON would write them (`1` → `"1"`, `True` → `"true"`). */
export type PickleDict = { [key: string]: PickleValue };
