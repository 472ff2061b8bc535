/** Helpers shared by the model-based tests. */
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
