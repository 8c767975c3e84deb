// Shared by the benchmarks: interleaved timing rounds and medians, so noise from the machine hits
// every contender alike. Ratios are taken per round, then the median of the ratios is reported.

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Runs `contenders` ([name, async fn] pairs) in `rounds` rounds of `perRound` sequential calls,
 * rotating who goes first each round, after `warmup` calls each. Returns the milliseconds per
 * call of every round, by name.
 */
export const interleave = async (contenders, { rounds, perRound, warmup = 100 }) => {
  for (const [, request] of contenders) for (let i = 0; i < warmup; i++) await request()
  const samples = Object.fromEntries(contenders.map(([name]) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const [name, request] = contenders[(i + round) % contenders.length]
      const started = performance.now()
      for (let call = 0; call < perRound; call++) await request()
      samples[name].push((performance.now() - started) / perRound)
    }
  }
  return samples
}

/** The median over rounds of `numerator / denominator`. */
export const medianRatio = (samples, numerator, denominator) =>
  median(samples[numerator].map((value, round) => value / samples[denominator][round]))

/** `123 µs/request` of a contender's median. */
export const micros = (values) => `${(median(values) * 1000).toFixed(0).padStart(5)} µs/request`
