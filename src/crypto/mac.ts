/**
 * HMAC of GenerateMac and VerifyMac (RFC 2104 with SHA-2, @noble/hashes) over the raw material of
 * an HMAC key, and the constant-time comparison of VerifyMac.
 *
 * @module
 */
import { nodeCrypto } from './builtins.js'
import { hmacLibrary, sha2 } from './libraries.js'
import { revealSecret, type Secret } from '../model/secret.js'

/**
 * The MAC algorithms (`MacAlgorithmSpec`), in the order AWS lists them in its enum validation
 * message (OBS by a third-party emulator checked against AWS).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, MacAlgorithmSpec } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' })
 * assert.ok(created._tag === 'Right')
 * assert.deepEqual(created.right.KeyMetadata.MacAlgorithms, [MacAlgorithmSpec.HMAC_SHA_384])
 * ```
 * @since 0.1.0
 */
export const MacAlgorithmSpec = {
  /** HMAC with SHA-384 (`HMAC_384` keys). */
  HMAC_SHA_384: 'HMAC_SHA_384',
  /** HMAC with SHA-256 (`HMAC_256` keys). */
  HMAC_SHA_256: 'HMAC_SHA_256',
  /** HMAC with SHA-224 (`HMAC_224` keys). */
  HMAC_SHA_224: 'HMAC_SHA_224',
  /** HMAC with SHA-512 (`HMAC_512` keys). */
  HMAC_SHA_512: 'HMAC_SHA_512',
} as const
/** @since 0.1.0 */
export type MacAlgorithmSpec = (typeof MacAlgorithmSpec)[keyof typeof MacAlgorithmSpec]

const HASHES = { HMAC_SHA_224: 'sha224', HMAC_SHA_256: 'sha256', HMAC_SHA_384: 'sha384', HMAC_SHA_512: 'sha512' } as const satisfies Record<MacAlgorithmSpec, keyof ReturnType<typeof sha2>>

/**
 * The HMAC of a message.
 * @param algorithm - the MAC algorithm
 * @param key - the HMAC key's material (raw bytes)
 * @param message - the message
 * @returns the MAC (28, 32, 48 or 64 bytes)
 * @since 0.1.0
 */
export const computeMac = (algorithm: MacAlgorithmSpec, key: Secret, message: Uint8Array): Uint8Array => hmacLibrary().hmac(sha2()[HASHES[algorithm]], revealSecret(key), message)

/**
 * Whether `mac` is the HMAC of `message`, compared in constant time (the length is not secret).
 * @param algorithm - the MAC algorithm
 * @param key - the HMAC key's material
 * @param message - the message
 * @param mac - the MAC to check
 * @returns true when it matches
 * @since 0.1.0
 */
export const macMatches = (algorithm: MacAlgorithmSpec, key: Secret, message: Uint8Array, mac: Uint8Array): boolean => {
  const expected = computeMac(algorithm, key, message)
  return expected.length === mac.length && nodeCrypto().timingSafeEqual(expected, mac)
}
