/** A run ends early when its signal is aborted, with the report of what ran. */
import { describe, expect, it } from 'vitest'
import { classicProfile, createEmulator } from 'kms-key-import'
import { inProcessTarget, runConformance, type Session } from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'

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
