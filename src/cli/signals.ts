/**
 * Work that a Ctrl-C or a `kill` must not cut in two: SIGINT and SIGTERM are held back while it
 * runs, then honoured.
 *
 * @module
 */
import { setImmediate as nextTurn } from 'node:timers/promises'

/**
 * Runs `f` with SIGINT and SIGTERM held back: one that comes meanwhile ends the process, by that
 * signal, once `f` has finished (a signal that came during synchronous work is taken in the event
 * loop's next poll phase, before the handlers go).
 * @param f - the work (synchronous, or a promise)
 * @returns what `f` returned, when no signal came
 * @since 0.2.0
 */
export const withSignalsHeld = async <A>(f: () => A | Promise<A>): Promise<A> => {
  let signal: NodeJS.Signals | undefined
  const hold = (s: NodeJS.Signals): void => {
    signal ??= s
  }
  process.on('SIGINT', hold)
  process.on('SIGTERM', hold)
  try {
    return await f()
  } finally {
    // a signal that came during synchronous work waits in the event loop's signal pipe, read in
    // its poll phase: between two turns' immediates one poll phase surely runs (after one alone,
    // the first turn's may not have)
    await nextTurn()
    await nextTurn()
    process.off('SIGINT', hold)
    process.off('SIGTERM', hold)
    if (signal !== undefined) process.kill(process.pid, signal)
  }
}
