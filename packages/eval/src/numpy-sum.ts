// numpy sums float64 arrays pairwise (blocks of 8 accumulators, halves above 128 items), so a mean over many
// images is not the left-to-right sum. The reference scorers take np.mean; summing the same way gives the
// same bits.
function pairwiseSum(values: ArrayLike<number>, start: number, count: number): number {
  if (count < 8) {
    let sum = 0;
    for (let index = start; index < start + count; index++) sum += values[index]!;
    return sum;
  }
  if (count <= 128) {
    const partial = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let lane = 0; lane < 8; lane++) partial[lane] = values[start + lane]!;
    let index = 8;
    for (; index < count - (count % 8); index += 8) {
      for (let lane = 0; lane < 8; lane++) partial[lane]! += values[start + index + lane]!;
    }
    const [p0, p1, p2, p3, p4, p5, p6, p7] = partial as [number, number, number, number, number, number, number, number];
    let sum = (p0 + p1 + (p2 + p3)) + (p4 + p5 + (p6 + p7));
    for (; index < count; index++) sum += values[start + index]!;
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/** `np.sum` of a float64 array. */
export function numpySum(values: ArrayLike<number>): number {
  return 0 + pairwiseSum(values, 0, values.length);
}

/** `np.mean` of a float64 array (NaN for none, as numpy gives). */
export function numpyMean(values: ArrayLike<number>): number {
  return numpySum(values) / values.length;
}
