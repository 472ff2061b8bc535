/**
 * The kit's `profile` option takes what `createEmulator` and the CLI take: a profile value, or a
 * profile's name (`'latest'` too). Anything else — from JavaScript, an unknown name or no profile —
 * is refused by each entry of the kit that reads it, with a TypeError that says what to pass,
 * before any request is sent.
 */
import { describe, expect, it } from 'vitest'
import { classicProfile, createEmulator, profiles, type Profile, type ProfileSelector } from 'kms-key-import'
import { conformanceCommands, createSession, inProcessTarget, manualTimeline, replaySteps, runConformance, stepArbitraries, type Step, type Target, type Timeline } from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'
import fc from 'fast-check'

const WHAT_TO_PASS = /^profile must be a profile's name \('classic', '2023-10-10', '2025-06-05', 'latest'\) or a profile value from 'kms-key-import', not the string "Classic"$/

/** A target on the sequence's clock, an emulator of `profile`, that counts the requests it is sent. */
const counting = (profile: ProfileSelector = 'classic'): { target: (t: Timeline) => Target; sent: () => number } => {
  let sent = 0
  const target = (t: Timeline): Target => {
    const inner = inProcessTarget(createEmulator({ profile, clock: t.clock, crypto: createDeterministicProvider() }))
    return { name: 'counting', send: (r) => (sent += 1, inner.send(r)) }
  }
  return { target, sent: () => sent }
}

const CREATE: Step = { op: 'CreateKey', origin: 'EXTERNAL' }

describe('the conformance kit given a profile by name', () => {
  it('every entry takes each profile\'s name as that profile, and \'latest\' as the newest', async () => {
    const names: ProfileSelector[] = [...profiles.map((p) => p.name), 'latest']
    for (const name of names) {
      const records = await replaySteps({ profile: name, target: counting(name).target }, [CREATE])
      expect(records.map((r) => r.differences), name).toEqual([[]])
      expect(stepArbitraries({ profile: name, timing: 'manual' }).length, name).toBeGreaterThan(0)
    }
    // the steps of a name are those of its profile: the same seed samples the same steps
    const sample = (profile: Profile | ProfileSelector) => fc.sample(fc.oneof(...stepArbitraries({ profile, timing: 'manual' })), { seed: 7, numRuns: 40 })
    expect(sample('latest')).toEqual(sample(profiles[profiles.length - 1]!))
    expect(sample('classic')).toEqual(sample(classicProfile))
    const report = await runConformance({ profile: '2023-10-10', runs: 1, steps: 5, target: counting('2023-10-10').target })
    expect(report.profile).toBe('2023-10-10')
    expect(report.divergences).toEqual([])
  })
})

describe('the conformance kit given what names no profile', () => {
  const wrong = 'Classic' as unknown as Profile

  it('runConformance and replaySteps reject with a TypeError saying what to pass, having sent nothing', async () => {
    const { target, sent } = counting()
    await expect(runConformance({ profile: wrong, runs: 1, target })).rejects.toThrow(TypeError)
    await expect(runConformance({ profile: wrong, runs: 1, target })).rejects.toThrow(WHAT_TO_PASS)
    await expect(replaySteps({ profile: wrong, target }, [CREATE])).rejects.toThrow(WHAT_TO_PASS)
    expect(sent()).toBe(0)
  })

  it('stepArbitraries, conformanceCommands and createSession throw the same TypeError', () => {
    expect(() => stepArbitraries({ profile: wrong, timing: 'manual' })).toThrow(WHAT_TO_PASS)
    expect(() => conformanceCommands({ profile: wrong, timing: 'manual' })).toThrow(WHAT_TO_PASS)
    const timeline = manualTimeline()
    expect(() => createSession({ target: counting().target(timeline), profile: wrong, region: 'us-east-1', timeline })).toThrow(WHAT_TO_PASS)
  })

  it('names the value given when it is not a string', () => {
    expect(() => stepArbitraries({ profile: undefined as unknown as Profile, timing: 'manual' })).toThrow(/or a profile value from 'kms-key-import', not undefined$/)
    expect(() => stepArbitraries({ profile: {} as unknown as Profile, timing: 'manual' })).toThrow(/, not \[object Object\]$/)
  })
})
