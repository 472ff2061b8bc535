/**
 * The import token: an opaque, authenticated envelope (AES-256-GCM from @noble/ciphers under the
 * service's sealing key) that binds the key ARN, the wrapping algorithm and spec, the wrapping
 * private key and `ParametersValidTo` (RULES.md §3.8).
 *
 * Layout: `"KKI1" ‖ nonce(12) ‖ GCM(sealingKey, nonce, aad = "KKI1")(payload) ‖ tag(16)`;
 * payload: `validTo(8, ms, big-endian) ‖ algorithm(1) ‖ spec(1) ‖ arnLength(2) ‖ arn ‖ PKCS#8`.
 * A 4096-bit wrapping key makes a token of about 2.5 KB, inside the 6144-byte limit.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js'
import * as E from 'fp-ts/lib/Either.js'
import { WrappingAlgorithm, WrappingKeySpec } from '../model/enums.js'
import { revealSecret, Secret } from '../model/secret.js'

const MAGIC = new Uint8Array([0x4b, 0x4b, 0x49, 0x31]) // "KKI1"
const NONCE = 12
const TAG = 16
const ALGORITHMS = Object.values(WrappingAlgorithm)
const SPECS = Object.values(WrappingKeySpec)

/** What a token carries. @since 0.1.0 */
export interface TokenContents {
  readonly keyArn: string
  readonly algorithm: WrappingAlgorithm
  readonly wrappingKeySpec: WrappingKeySpec
  /** PKCS#8 DER of the wrapping private key. */
  readonly privateKey: Secret
  /** `ParametersValidTo`, epoch ms. */
  readonly validTo: number
}

/**
 * Seals token contents under the sealing key.
 * @param sealingKey - 32-byte AES key
 * @param nonce - 12 fresh random bytes
 * @param contents - what to bind
 * @returns the token bytes
 * @since 0.1.0
 */
export const sealToken = (sealingKey: Secret, nonce: Uint8Array, contents: TokenContents): Uint8Array => {
  const arn = new TextEncoder().encode(contents.keyArn)
  const pkcs8 = revealSecret(contents.privateKey)
  const payload = new Uint8Array(8 + 1 + 1 + 2 + arn.length + pkcs8.length)
  const view = new DataView(payload.buffer)
  view.setBigUint64(0, BigInt(contents.validTo))
  payload[8] = ALGORITHMS.indexOf(contents.algorithm)
  payload[9] = SPECS.indexOf(contents.wrappingKeySpec)
  view.setUint16(10, arn.length)
  payload.set(arn, 12)
  payload.set(pkcs8, 12 + arn.length)
  const sealed = gcm(revealSecret(sealingKey), nonce.subarray(0, NONCE), MAGIC).encrypt(payload)
  payload.fill(0)
  const out = new Uint8Array(MAGIC.length + NONCE + sealed.length)
  out.set(MAGIC, 0)
  out.set(nonce.subarray(0, NONCE), MAGIC.length)
  out.set(sealed, MAGIC.length + NONCE)
  return out
}

/**
 * Opens a token. Left for anything that is not a token sealed under this key, unmodified.
 * @param sealingKey - 32-byte AES key
 * @param token - the token bytes
 * @returns the contents, or Left
 * @since 0.1.0
 */
export const openToken = (sealingKey: Secret, token: Uint8Array): E.Either<'invalid', TokenContents> => {
  if (token.length < MAGIC.length + NONCE + TAG + 12) return E.left('invalid')
  for (let i = 0; i < MAGIC.length; i++) if (token[i] !== MAGIC[i]) return E.left('invalid')
  const nonce = token.subarray(MAGIC.length, MAGIC.length + NONCE)
  return E.flatMap(
    E.tryCatch(() => gcm(revealSecret(sealingKey), nonce, MAGIC).decrypt(token.subarray(MAGIC.length + NONCE)), () => 'invalid' as const),
    (payload): E.Either<'invalid', TokenContents> => {
      const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength)
      const algorithm = ALGORITHMS[payload[8] ?? 255]
      const wrappingKeySpec = SPECS[payload[9] ?? 255]
      const arnLength = view.getUint16(10)
      if (algorithm === undefined || wrappingKeySpec === undefined || 12 + arnLength > payload.length) return E.left('invalid')
      const contents: TokenContents = {
        validTo: Number(view.getBigUint64(0)),
        algorithm,
        wrappingKeySpec,
        keyArn: new TextDecoder().decode(payload.subarray(12, 12 + arnLength)),
        privateKey: Secret.of(payload.subarray(12 + arnLength)),
      }
      payload.fill(0)
      return E.right(contents)
    },
  )
}
