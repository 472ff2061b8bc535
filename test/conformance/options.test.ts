/**
 * A `profile` option that is not a profile value — from JavaScript, a name such as `'classic'`,
 * which `createEmulator` and the CLI take — is refused by each entry of the kit that reads it, with
 * a TypeError that says what to pass, before any request is sent.
 */
import { describe, expect, it } from 'vitest'
import { createEmulator, resolveProfile, type Profile } from 'kms-key-import'
import { conformanceCommands, createSession, inProcessTarget, manualTimeline, replaySteps, runConformance, stepArbitraries, type Target, type Timeline } from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'

const WHAT_TO_PASS = /^profile must be a profile value from 'kms-key-import' \(classicProfile, profile20231010, profile20250605, or resolveProfile\("classic"\)\), not the string "classic"$/

/** A target on the sequence's clock that counts the requests it is sent. */
const counting = (): { target: (t: Timeline) => Target; sent: () => number } => {
  let sent = 0
  const target = (t: Timeline): Target => {
    const inner = inProcessTarget(createEmulator({ clock: t.clock, crypto: createDeterministicProvider() }))
    return { name: 'counting', send: (r) => (sent += 1, inner.send(r)) }
  }
  return { target, sent: () => sent }
}

describe('the conformance kit given a profile name instead of a profile', () => {
  const name = 'classic' as unknown as Profile

  it('runConformance and replaySteps reject with a TypeError saying what to pass, having sent nothing', async () => {
    const { target, sent } = counting()
    await expect(runConformance({ profile: name, runs: 1, target })).rejects.toThrow(TypeError)
    await expect(runConformance({ profile: name, runs: 1, target })).rejects.toThrow(WHAT_TO_PASS)
    await expect(replaySteps({ profile: name, target }, [{ op: 'CreateKey', origin: 'EXTERNAL' }])).rejects.toThrow(WHAT_TO_PASS)
    expect(sent()).toBe(0)
  })

  it('stepArbitraries, conformanceCommands and createSession throw the same TypeError', () => {
    expect(() => stepArbitraries({ profile: name, timing: 'manual' })).toThrow(WHAT_TO_PASS)
    expect(() => conformanceCommands({ profile: name, timing: 'manual' })).toThrow(WHAT_TO_PASS)
    const timeline = manualTimeline()
    expect(() => createSession({ target: counting().target(timeline), profile: name, region: 'us-east-1', timeline })).toThrow(WHAT_TO_PASS)
  })

  it('names the value given when it is not a string, and takes the profile resolveProfile gives', async () => {
    expect(() => stepArbitraries({ profile: undefined as unknown as Profile, timing: 'manual' })).toThrow(/, or resolveProfile\(name\)\), not undefined$/)
    const profile = resolveProfile('classic')
    if (profile === undefined) throw new Error('no classic profile')
    const records = await replaySteps({ profile, target: counting().target }, [{ op: 'CreateKey', origin: 'EXTERNAL' }])
    expect(records.map((r) => r.differences)).toEqual([[]])
  })
})
