/** Up to `count` items picked without replacement by a seeded random source, kept in their input order. */
export function pickSome<T>(items: readonly T[], count: number, random: () => number): T[] {
  if (count <= 0 || count >= items.length) return count <= 0 ? [] : [...items];
  const indexes = items.map((_, index) => index);
  for (let index = 0; index < count; index++) {
    const swap = index + Math.floor(random() * (indexes.length - index));
    [indexes[index], indexes[swap]] = [indexes[swap]!, indexes[index]!];
  }
  return indexes
    .slice(0, count)
    .sort((left, right) => left - right)
    .map((index) => items[index]!);
}

/** The items in a seeded random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const swap = Math.floor(random() * (index + 1));
    [result[index], result[swap]] = [result[swap]!, result[index]!];
  }
  return result;
}
