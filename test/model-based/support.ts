/** Helpers shared by the model-based tests. */
import type fc from 'fast-check'
import { expect } from 'vitest'
import type { Emulator } from 'kms-key-import'

/** One AWS JSON 1.1 call through `handle`, its body parsed. */
export const call = async (kms: Emulator, op: string, req: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(req) })
  return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> }
}

/** The call answered the model's prediction: success, or exactly this exception (HTTP 400). */
export const expectOutcome = (res: { status: number; body: Record<string, unknown> }, tag: string): void => {
  if (tag === 'ok') expect(res.body.__type, JSON.stringify(res.body)).toBeUndefined()
  else expect(res.body.__type, JSON.stringify(res.body)).toBe(tag)
  expect(res.status).toBe(tag === 'ok' ? 200 : 400)
}

/**
 * The clock command both model-based tests share: the model and the emulator's manual clock move
 * by the same `ms`, the model settles (expiry, deletion), and every key is checked.
 * @param settle - the model's own expiry and deletion
 * @param checkAll - compares the model with the emulator
 * @returns a command factory, `AdvanceClock(ms)`
 */
export const advanceClockCommand = <M extends { now: number }, R extends { readonly clock: { advance(ms: number): void } }>(
  settle: (m: M) => void,
  checkAll: (m: M, r: R) => Promise<void>,
) => (ms: number): fc.AsyncCommand<M, R> => ({
  check: () => true,
  run: async (m, r) => {
    m.now += ms
    r.clock.advance(ms)
    settle(m)
    await checkAll(m, r)
  },
  toString: () => `AdvanceClock(${ms}ms)`,
})
