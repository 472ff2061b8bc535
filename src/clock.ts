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
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, systemClock } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const clock = systemClock()
 * assert.ok(Math.abs(clock.now() - Date.now()) < 1000)
 * const kms = createEmulator({ clock, crypto: createDeterministicProvider() }) // systemClock() is the default
 * kms.close()
 * ```
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
 * ```ts
 * import assert from 'node:assert/strict'
 * import { manualClock } from 'kms-key-import/testing'
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * assert.equal(clock.advance(24 * 3600 * 1000), Date.parse('2026-01-02T00:00:00Z'))
 * clock.set(Date.parse('2027-01-01T00:00:00Z'))
 * assert.equal(new Date(clock.now()).toISOString(), '2027-01-01T00:00:00.000Z')
 * ```
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
