/**
 * What an endpoint may answer differently from the reference without diverging: the variations
 * AWS's own answers show and its SDKs accept. The kit must not report them.
 */
import { describe, expect, it } from 'vitest'
import { classicProfile, createEmulator, profile20250605, type Profile } from 'kms-key-import'
import { inProcessTarget, runConformance, type Target, type Timeline } from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'

/** The emulator, each answer's JSON rewritten by `vary` (and its text by `text`). */
const varied = (profile: Profile, vary: (body: Record<string, unknown>, operation: string) => Record<string, unknown>, text: (json: string) => string = (t) => t) => (timeline: Timeline): Target => {
  const inner = inProcessTarget(createEmulator({ profile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 8 }) }), 'varied')
  return {
    name: 'varied',
    send: async (request) => {
      const res = await inner.send(request)
      const body = JSON.parse(res.body) as Record<string, unknown>
      return { ...res, body: text(JSON.stringify(vary(body, request.target.replace('TrentService.', '')))) }
    },
  }
}

/** The members of an object in reverse order, recursively. */
const reversed = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversed)
    : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]))
      : v

const run = async (profile: Profile, vary: (body: Record<string, unknown>, operation: string) => Record<string, unknown>) =>
  runConformance({ profile, runs: 6, steps: 20, seed: 4, target: varied(profile, vary) })

describe('the conformance kit tolerates what AWS varies and its SDKs accept', () => {
  for (const profile of [classicProfile, profile20250605]) {
    it(`members the model does not declare, at the top and inside structures (profile ${profile.name})`, async () => {
      const report = await run(profile, (body) => {
        if (typeof body.__type === 'string') return body
        const meta = body.KeyMetadata
        return {
          ...body, ResponseMetadata: { RequestId: 'b5e8d1c2' },
          ...(typeof meta === 'object' && meta !== null ? { KeyMetadata: { ...meta, EmulatorDebug: 'x' } } : {}),
        }
      })
      expect(report.divergences.map((d) => d.differences)).toEqual([])
      expect(report.stepsCompared).toBeGreaterThan(50)
    })
  }

  it('members in another order', async () => {
    const report = await run(classicProfile, (body) => reversed(body) as Record<string, unknown>)
    expect(report.divergences.map((d) => d.differences)).toEqual([])
  })

  it('dates (epoch seconds) as numeric strings, which AWS SDKs read as the numbers', async () => {
    const dates = new Set(['CreationDate', 'DeletionDate', 'ValidTo', 'ParametersValidTo'])
    const stringDates = (v: unknown, name = ''): unknown =>
      Array.isArray(v) ? v.map((x) => stringDates(x))
        : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringDates(x, k)]))
          : typeof v === 'number' && dates.has(name) ? v.toFixed(3)
            : v
    const report = await run(classicProfile, (body) => stringDates(body) as Record<string, unknown>)
    expect(report.divergences.map((d) => d.differences)).toEqual([])
  })

  it('an empty body for a success without members (EnableKey, DisableKey, …), which AWS SDKs read as `{}`', async () => {
    let emptied = 0
    const report = await runConformance({
      profile: classicProfile, runs: 6, steps: 20, seed: 4,
      target: varied(classicProfile, (body) => body, (json) => {
        if (json !== '{}') return json
        emptied += 1
        return ''
      }),
    })
    expect(emptied).toBeGreaterThan(5)
    expect(report.divergences.map((d) => d.differences)).toEqual([])
  })

  it('an exception named with a namespace and a trailing URI (`ns#Name:uri`), or in `code`', async () => {
    let n = 0
    const report = await run(classicProfile, (body) => {
      if (typeof body.__type !== 'string') return body
      n += 1
      const { __type: type, ...rest } = body
      return n % 2 === 0 ? { ...rest, __type: `com.amazonaws.kms#${type}:http://internal.amazon.com/coral/com.amazonaws.kms/` } : { ...rest, code: type }
    })
    expect(n).toBeGreaterThan(5)
    expect(report.divergences.map((d) => d.differences)).toEqual([])
  })
})
