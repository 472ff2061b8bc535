/**
 * In real time, an endpoint sets a date (ParametersValidTo, CreationDate) at the instant it
 * answers, which may be well after the instant it was asked (an RSA_4096 wrapping key generated
 * on a busy machine takes seconds): the kit must not call that a divergence.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { classicProfile, createEmulator } from 'kms-key-import'
import { inProcessTarget, runConformance, type Target, type Timeline } from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'

/** The emulator on the real clock, reading it only after `delayMs` for GetParametersForImport (as one generating a large RSA key would). */
const slowParameters = (delayMs: number) => (timeline: Timeline): Target => {
  const inner = inProcessTarget(createEmulator({ profile: classicProfile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 6 }) }), 'slow')
  return {
    name: 'slow',
    send: async (request) => {
      if (request.target === 'TrentService.GetParametersForImport') await sleep(delayMs)
      return inner.send(request)
    },
  }
}

describe('the conformance kit in real time, against an endpoint that answers slowly', () => {
  it('compares the dates an endpoint set while it answered within the time it took, not only the tolerance', async () => {
    const report = await runConformance({
      profile: classicProfile, target: slowParameters(400), timing: 'real', toleranceMs: 100, realValidForMs: 20, realWaitMs: 40,
      runs: 2, steps: 4, seed: 3, operations: ['GetParametersForImport'], initialKeys: ['EXTERNAL'],
    })
    expect(report.divergences.map((d) => d.differences)).toEqual([])
    expect(report.scorecard.operations.find((o) => o.name === 'GetParametersForImport')?.agree).toBeGreaterThan(0)
  }, 30_000)
})
