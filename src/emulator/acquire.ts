/**
 * Key acquisition: before the emulator runs a call, it looks at the request for what the call
 * will need that is slow to make — an RSA wrapping key pair (GetParametersForImport), RSA key
 * material (CreateKey of an RSA key), an RSA data key pair (GenerateDataKeyPair and
 * GenerateDataKeyPairWithoutPlaintext) — and has the provider make it off the main thread
 * (`CryptoProvider.acquire`). The call then runs synchronously, as every rule does, on a provider
 * that hands the ready pair out. Other requests are served while the generation runs.
 *
 * Only the request's members are read here, not validated: a request the rule then refuses wastes
 * one generation, never a wrong answer (the rule validates as always, and asks the provider only
 * for what it decides to use).
 *
 * @module
 */
import type { CryptoProvider, SlowNeed } from '../crypto/provider.js'
import type { KeySpec, WrappingKeySpec } from '../model/enums.js'

const RSA_SPECS: ReadonlySet<string> = new Set(['RSA_2048', 'RSA_3072', 'RSA_4096'])

const member = (input: unknown, name: string): unknown =>
  typeof input === 'object' && input !== null && Object.hasOwn(input, name) ? (input as Record<string, unknown>)[name] : undefined

/**
 * What a call of `operation` with `input` will need that is slow to make, if anything.
 * @param operation - the operation name
 * @param input - the request (parsed JSON or SDK-shaped)
 * @returns the need, or undefined
 * @since 0.2.0
 */
export const slowNeedOf = (operation: string, input: unknown): SlowNeed | undefined => {
  if (operation === 'GetParametersForImport') {
    const spec = member(input, 'WrappingKeySpec')
    return typeof spec === 'string' && RSA_SPECS.has(spec) ? { kind: 'wrappingKeyPair', spec: spec as WrappingKeySpec } : undefined
  }
  if (operation === 'CreateKey') {
    const spec = member(input, 'KeySpec') ?? member(input, 'CustomerMasterKeySpec')
    const origin = member(input, 'Origin')
    return typeof spec === 'string' && RSA_SPECS.has(spec) && (origin === undefined || origin === 'AWS_KMS') ? { kind: 'keyMaterial', keySpec: spec as KeySpec } : undefined
  }
  if (operation === 'GenerateDataKeyPair' || operation === 'GenerateDataKeyPairWithoutPlaintext') {
    // the data key pair is made like an RSA key's material
    const spec = member(input, 'KeyPairSpec')
    return typeof spec === 'string' && RSA_SPECS.has(spec) ? { kind: 'keyMaterial', keySpec: spec as KeySpec } : undefined
  }
  return undefined
}

const SLOW_TARGETS: ReadonlySet<string> = new Set(['CreateKey', 'GetParametersForImport', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext'].map((op) => `TrentService.${op}`))

/**
 * The same for a wire request: the operation from its target, the members from its JSON body
 * (an unreadable body needs nothing: the call will refuse it).
 * @param target - the `X-Amz-Target` header
 * @param body - the JSON body
 * @returns the need, or undefined
 * @since 0.2.0
 */
export const slowNeedOfWire = (target: unknown, body: string | Uint8Array): SlowNeed | undefined => {
  if (typeof target !== 'string' || !SLOW_TARGETS.has(target)) return undefined
  try {
    const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
    return slowNeedOf(target.slice('TrentService.'.length), JSON.parse(text) as unknown)
  } catch {
    return undefined
  }
}

/**
 * The provider a call runs with: `crypto` itself, or, when the call needs something slow and the
 * provider can make it off the main thread, the provider that hands it out.
 * @param crypto - the emulator's provider
 * @param need - what the call needs
 * @returns the provider for the call; never rejects (a failed acquisition leaves `crypto`)
 * @since 0.2.0
 */
export const acquire = async (crypto: CryptoProvider, need: SlowNeed | undefined): Promise<CryptoProvider> => {
  if (need === undefined || crypto.acquire === undefined) return crypto
  try {
    return await crypto.acquire(need)
  } catch {
    return crypto
  }
}
