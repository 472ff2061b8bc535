/**
 * What a run tells while it lasts, and how it ends early: progress while a divergence is shrunk;
 * a run ends when its signal is aborted, with the report of what ran.
 */
import { describe, expect, it } from 'vitest'
import { classicProfile, createEmulator } from 'kms-key-import'
import { LIFECYCLE_OPERATIONS, inProcessTarget, runConformance, type Session, type ShrinkEvent } from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { mutants } from './mutants.js'

describe('runConformance while it shrinks', () => {
  it('tells each replay: how many so far, of how many at most, and the steps of the shortest sequence found', async () => {
    const mutant = mutants[0]
    if (mutant === undefined) throw new Error('no mutant')
    const events: ShrinkEvent[] = []
    const report = await runConformance({
      profile: mutant.profile, target: mutant.target, runs: 150, steps: 25, seed: 1, stopAfter: 1, operations: LIFECYCLE_OPERATIONS, maxShrinkRuns: 40,
      onShrink: (e) => events.push(e),
    })
    const [first] = report.divergences
    if (first === undefined) throw new Error('no divergence')
    expect(events.length).toBeGreaterThan(0)
    expect(events.map((e) => e.replays)).toEqual(events.map((_, i) => i + 1))
    expect(events.every((e) => e.maxReplays === 40 && e.signature === first.signature && e.run === report.runs && e.runs === 150)).toBe(true)
    expect(events.at(-1)?.steps).toBe(first.script.filter((l) => !l.prologue).length)
  })
})

describe('runConformance with a signal', () => {
  it('starts no sequence after the abort, ends the current one after its step (its afterSequence still runs), and reports what ran', async () => {
    const controller = new AbortController()
    const ended: Session[] = []
    let steps = 0
    const report = await runConformance({
      profile: classicProfile, runs: 50, steps: 20, seed: 7, signal: controller.signal,
      target: (timeline) => {
        const inner = inProcessTarget(createEmulator({ profile: classicProfile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 2 }) }))
        return {
          name: 'interrupted',
          send: async (request) => {
            // the second sequence is interrupted in its first step
            if (ended.length === 1 && (steps += 1) === 1) controller.abort()
            return inner.send(request)
          },
        }
      },
      afterSequence: async (session) => {
        ended.push(session)
      },
    })
    expect(report.runs).toBe(2)
    expect(ended).toHaveLength(2)
    // the interrupted sequence made its first starting key, and no more
    expect(ended[1]?.keyIds).toHaveLength(1)
    expect(report.divergences).toEqual([])
  })
})
