/**
 * The clock: the only source of time for the model.
 * @module
 */

/**
 * A source of the current instant.
 * @since 0.1.0
 */
export interface Clock {
  /** @returns the current instant, epoch milliseconds */
  now(): number
}

/**
 * The system clock (`Date.now`).
 * @returns a clock
 * @example
 * createEmulator({ clock: systemClock() })
 * @since 0.1.0
 */
export const systemClock = (): Clock => ({ now: () => Date.now() })

/**
 * A clock that moves only when told: for tests of expiry and token validity.
 * @since 0.1.0
 */
export interface ManualClock extends Clock {
  /**
   * Moves the clock forward (or back, with a negative `ms`).
   * @param ms - milliseconds
   * @returns the new instant
   */
  advance(ms: number): number
  /**
   * Sets the clock.
   * @param epochMs - the new instant
   */
  set(epochMs: number): void
}

/**
 * A manual clock starting at `startEpochMs`.
 * @param startEpochMs - the starting instant, epoch ms
 * @returns the clock
 * @example
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * clock.advance(24 * 3600 * 1000)
 * @since 0.1.0
 */
export const manualClock = (startEpochMs: number): ManualClock => {
  let t = startEpochMs
  return {
    now: () => t,
    advance: (ms: number) => (t += ms),
    set: (epochMs: number) => {
      t = epochMs
    },
  }
}
