/**
 * The wire-level caller every emulator test harness shares: one operation through `handle`, as an
 * SDK would send it, and its JSON body parsed.
 */
import { createEmulator, type Emulator, type KmsEvent, type ProfileSelector, type WireResponse } from 'kms-key-import'
import { createDeterministicProvider, manualClock, type ManualClock } from 'kms-key-import/testing'

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

/** An emulator under test, its clock, the events it reported, and a wire caller. */
export interface Harness {
  readonly emulator: Emulator
  readonly clock: ManualClock
  /** Every event the emulator reported through `onEvent`, oldest first. */
  readonly events: readonly KmsEvent[]
  /**
   * Calls `TrentService.<operation>` through `handle`.
   * @param operation - the name after `TrentService.`
   * @param body - an object, serialized as JSON (a string is sent as it is)
   */
  call(operation: string, body?: unknown): Promise<Reply>
}

/**
 * An emulator on a manual clock and the deterministic provider (fixture RSA keys, no key
 * generation), recording its events.
 * @param options - profile, seed, start instant, optional sealing key
 * @returns the harness
 */
export const newHarness = (options: { readonly profile: ProfileSelector; readonly seed: number; readonly start: number; readonly sealingKey?: Uint8Array | undefined }): Harness => {
  const clock = manualClock(options.start)
  const events: KmsEvent[] = []
  const emulator = createEmulator({
    profile: options.profile,
    clock,
    crypto: createDeterministicProvider({ seed: options.seed }),
    ...(options.sealingKey === undefined ? {} : { sealingKey: options.sealingKey }),
    onEvent: (e) => {
      events.push(e)
    },
  })
  return { emulator, clock, events, call: wireCaller(emulator) }
}
