/**
 * The import token: an opaque, authenticated envelope (AES-256-GCM under the service's sealing
 * key) that binds the key ARN, the wrapping algorithm and spec, the wrapping private key and
 * `ParametersValidTo` (docs/evidence.md §3.8).
 *
 * Layout: `"KKI1" ‖ nonce(12) ‖ GCM(sealingKey, nonce, aad = "KKI1")(payload) ‖ tag(16)`;
 * payload: `validTo(8, epoch ms as a big-endian IEEE-754 double, so any clock reading fits) ‖ algorithm(1) ‖ spec(1) ‖ arnLength(2) ‖ arn ‖ PKCS#8`.
 * A 4096-bit wrapping key makes a token of about 2.5 KB, inside the 6144-byte limit.
 *
 * The cipher is node:crypto's AES-256-GCM (OpenSSL, AES-NI): about 5× faster than the pure-JS
 * @noble/ciphers one the first version used (0.01 ms against 0.05–0.08 ms per token), and
 * byte-compatible with it: same key, nonce, AAD, ciphertext and 16-byte tag appended, so tokens
 * sealed by either open with the other (docs/performance.md).
 *
 * @module
 */
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import { WrappingAlgorithm, WrappingKeySpec } from '../model/enums.js'
import { revealSecret, Secret } from '../model/secret.js'

const MAGIC = new Uint8Array([0x4b, 0x4b, 0x49, 0x31]) // "KKI1"
const AAD = Buffer.from(MAGIC)
const NONCE = 12
const TAG = 16
const ALGORITHMS = Object.values(WrappingAlgorithm)
const SPECS = Object.values(WrappingKeySpec)

/** What a token carries. @since 0.1.0 */
export interface TokenContents {
  /** The ARN of the key the token was issued for: it imports into no other key. */
  readonly keyArn: string
  /** The wrapping algorithm of GetParametersForImport. */
  readonly algorithm: WrappingAlgorithm
  /** The wrapping key spec of GetParametersForImport. */
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
  view.setFloat64(0, contents.validTo)
  payload[8] = ALGORITHMS.indexOf(contents.algorithm)
  payload[9] = SPECS.indexOf(contents.wrappingKeySpec)
  view.setUint16(10, arn.length)
  payload.set(arn, 12)
  payload.set(pkcs8, 12 + arn.length)
  pkcs8.fill(0)
  const key = revealSecret(sealingKey)
  const cipher = nodeCrypto().createCipheriv('aes-256-gcm', key, nonce.subarray(0, NONCE), { authTagLength: TAG })
  key.fill(0)
  cipher.setAAD(AAD)
  const out = new Uint8Array(MAGIC.length + NONCE + payload.length + TAG)
  out.set(MAGIC, 0)
  out.set(nonce.subarray(0, NONCE), MAGIC.length)
  let at = MAGIC.length + NONCE
  const body = cipher.update(payload)
  out.set(body, at)
  at += body.length
  const rest = cipher.final()
  out.set(rest, at)
  at += rest.length
  out.set(cipher.getAuthTag(), at)
  payload.fill(0)
  return out
}

/** AES-256-GCM decryption of `ciphertext ‖ tag`; throws when the tag does not verify. */
const gcmOpen = (sealingKey: Secret, nonce: Uint8Array, sealed: Uint8Array): Uint8Array => {
  const key = revealSecret(sealingKey)
  const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG })
  key.fill(0)
  decipher.setAAD(AAD)
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
  const body = decipher.update(sealed.subarray(0, sealed.length - TAG))
  const rest = decipher.final()
  if (rest.length === 0) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  const out = new Uint8Array(body.length + rest.length)
  out.set(body, 0)
  out.set(rest, body.length)
  body.fill(0)
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
    E.tryCatch(() => gcmOpen(sealingKey, nonce, token.subarray(MAGIC.length + NONCE)), () => 'invalid' as const),
    (payload): E.Either<'invalid', TokenContents> => {
      const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength)
      const algorithm = ALGORITHMS[payload[8] ?? 255]
      const wrappingKeySpec = SPECS[payload[9] ?? 255]
      const arnLength = view.getUint16(10)
      if (algorithm === undefined || wrappingKeySpec === undefined || 12 + arnLength > payload.length) return E.left('invalid')
      const contents: TokenContents = {
        validTo: view.getFloat64(0),
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

/**
 * The nonce of a token, as a string to key a cache by (`latin1`, 12 characters), without opening
 * it. Says nothing about whether the token is genuine: a cache keyed by it must still compare the
 * whole token byte for byte.
 * @param token - bytes that may be a token
 * @returns the nonce key, or undefined when the bytes cannot be a token (too short, wrong magic)
 * @since 0.1.0
 */
export const tokenNonceKey = (token: Uint8Array): string | undefined => {
  if (token.length < MAGIC.length + NONCE + TAG + 12) return undefined
  for (let i = 0; i < MAGIC.length; i++) if (token[i] !== MAGIC[i]) return undefined
  return Buffer.from(token.buffer, token.byteOffset + MAGIC.length, NONCE).toString('latin1')
}

/**
 * The import-token operations of a provider, on the full path: every token sealed with a fresh
 * nonce from `randomBytes`, every opening decrypts. Built-in providers include these;
 * `withTokenCache` puts a cache in front.
 * @param randomBytes - the provider's randomness
 * @returns `sealImportToken` and `openImportToken`
 * @since 0.2.0
 */
export const importTokens = (randomBytes: (n: number) => Uint8Array): {
  readonly sealImportToken: (sealingKey: Secret, contents: TokenContents) => Uint8Array
  readonly openImportToken: (sealingKey: Secret, token: Uint8Array, now: number) => E.Either<'invalid', TokenContents>
} => ({
  sealImportToken: (sealingKey, contents) => sealToken(sealingKey, randomBytes(NONCE), contents),
  openImportToken: (sealingKey, token) => openToken(sealingKey, token),
})
