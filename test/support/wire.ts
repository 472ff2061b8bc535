/**
 * The wire-level caller every emulator test harness shares: one operation through `handle`, as an
 * SDK would send it, and its JSON body parsed.
 */
import type { Emulator, WireResponse } from 'kms-key-import'

/** A JSON object as read from a response body. */
export type JsonObject = Readonly<Record<string, unknown>>

/** A response with its body parsed. */
export interface Reply {
  readonly status: number
  readonly body: JsonObject
  readonly raw: WireResponse
}

/**
 * Parses a response whose body must be a JSON object.
 * @param raw - the wire response
 * @returns status, parsed body and the raw response
 */
export const parseReply = (raw: WireResponse): Reply => {
  const parsed = JSON.parse(raw.body) as unknown
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError(`response body is not a JSON object: ${raw.body}`)
  return { status: raw.status, body: parsed as JsonObject, raw }
}

/**
 * A caller of `TrentService.<operation>` on `emulator`: an object body is serialized as JSON, a
 * string body is sent as it is (for malformed-body tests).
 * @param emulator - the emulator under test
 * @returns the caller
 */
export const wireCaller = (emulator: Emulator) => async (operation: string, body: unknown = {}): Promise<Reply> =>
  parseReply(await emulator.handle({ target: `TrentService.${operation}`, body: typeof body === 'string' ? body : JSON.stringify(body) }))
