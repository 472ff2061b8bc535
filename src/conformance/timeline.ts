/**
 * The time of a conformance run: one clock every side reads, and how a `Wait` step passes.
 *
 * @module
 */
import { manualClock, systemClock, type Clock, type ManualClock } from '../clock.js'

/**
 * The time of one run.
 * @since 0.2.0
 */
export interface Timeline {
  /** `manual`: a shared manual clock that Wait moves; `real`: the system clock, and Wait sleeps. */
  readonly kind: 'manual' | 'real'
  /** The clock the in-process sides read. */
  readonly clock: Clock
  /** The run's first instant, epoch ms (dates are reported relative to it). */
  readonly start: number
  /**
   * How far apart two sides' dates may be and still agree, ms: 0 with a shared clock; with real
   * time, the delay between the two sides' answers.
   */
  readonly toleranceMs: number
  /**
   * Lets `ms` pass.
   * @param ms - milliseconds
   * @returns when they have passed
   */
  wait(ms: number): Promise<void>
}

/** A timeline on a manual clock (that tests may also move or set). @since 0.2.0 */
export interface ManualTimeline extends Timeline {
  /** The shared manual clock. */
  readonly clock: ManualClock
}

/**
 * A timeline on a shared manual clock: waits take no time.
 * @param start - the first instant, epoch ms (default 2026-01-01T00:00:00Z)
 * @returns the timeline and its clock
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { manualTimeline } from 'kms-key-import/conformance'
 * const t = manualTimeline(0)
 * await t.wait(86_400_000)
 * assert.equal(t.clock.now(), 86_400_000)
 * ```
 * @since 0.2.0
 */
export const manualTimeline = (start = Date.parse('2026-01-01T00:00:00Z')): ManualTimeline => {
  const clock = manualClock(start)
  return {
    kind: 'manual',
    clock,
    start,
    toleranceMs: 0,
    wait: async (ms) => {
      clock.advance(ms)
    },
  }
}

/**
 * A timeline in real time: waits sleep.
 * @param toleranceMs - how far apart two sides' dates may be (default 5000 ms)
 * @returns the timeline
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { realTimeline } from 'kms-key-import/conformance'
 * const t = realTimeline()
 * const before = Date.now()
 * await t.wait(20)
 * assert.ok(Date.now() - before >= 15)
 * ```
 * @since 0.2.0
 */
export const realTimeline = (toleranceMs = 5000): Timeline => ({
  kind: 'real',
  clock: systemClock(),
  start: Date.now(),
  toleranceMs,
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
})
