/**
 * Id makers shaped like each vendor's ids, deterministic per emulator.
 *
 * @module
 */

/**
 * 24-hex ids like MongoDB ObjectIds (Sunshine and Smooch): seconds since epoch, then a counter, so
 * ids sort in creation order, which is what makes cursors of deleted messages still usable.
 */
export const objectIdMaker = (clock: () => number) => {
  let counter = 0
  return (): string => {
    const seconds = Math.floor(clock() / 1000)
      .toString(16)
      .padStart(8, '0')
      .slice(-8)
    counter = (counter + 1) % 0xffffffffffff
    return seconds + counter.toString(16).padStart(16, '0')
  }
}

/** RFC 4122-shaped UUIDs (UltraCart) from a counter, so runs are repeatable. */
export const uuidMaker = (namespace: number) => {
  let counter = 0
  return (): string => {
    const hex = (namespace.toString(16).padStart(8, '0') + (++counter).toString(16).padStart(24, '0')).slice(
      -32,
    )
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`
  }
}
