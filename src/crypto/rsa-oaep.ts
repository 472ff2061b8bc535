/**
 * RSAES-OAEP of asymmetric Encrypt and Decrypt (`RSAES_OAEP_SHA_1`, `RSAES_OAEP_SHA_256`; MGF1
 * with the same hash, empty label, as KMS). The ciphertext is the raw RSAES-OAEP ciphertext, `k`
 * bytes, as AWS answers. Encryption encodes with a seed from the provider's randomness (so the
 * deterministic provider gives reproducible ciphertext); decryption is OpenSSL's.
 *
 * @module
 */
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import type { RsaKey } from './asymmetric-key.js'
import { emeOaepEncode, hashBytes, oaepCapacity } from './rsa-padding.js'

/** The OAEP encryption algorithms and their hash. @since 0.1.0 */
export const OAEP_HASH = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' } as const

/** An OAEP encryption algorithm. @since 0.1.0 */
export type OaepAlgorithm = keyof typeof OAEP_HASH

/**
 * Whether an encryption algorithm is an OAEP one.
 * @param algorithm - an `EncryptionAlgorithm` value
 * @returns true for `RSAES_OAEP_SHA_1` and `RSAES_OAEP_SHA_256`
 * @since 0.1.0
 */
export const isOaepAlgorithm = (algorithm: string): algorithm is OaepAlgorithm => Object.hasOwn(OAEP_HASH, algorithm)

/**
 * The largest plaintext an RSA key takes with an OAEP algorithm (RSA_2048: 214 / 190 bytes).
 * @param key - the RSA key
 * @param algorithm - the OAEP algorithm
 * @returns bytes
 * @since 0.1.0
 */
export const oaepMaxPlaintext = (key: RsaKey, algorithm: OaepAlgorithm): number => oaepCapacity(key.modulusBytes, OAEP_HASH[algorithm])

/**
 * Encrypts with RSAES-OAEP.
 * @param key - the RSA key (its public half is used)
 * @param algorithm - the OAEP algorithm
 * @param plaintext - at most {@link oaepMaxPlaintext} bytes
 * @param random - randomness (the `hLen`-byte seed)
 * @returns the `k`-byte ciphertext, or Left when the plaintext is too long
 * @since 0.1.0
 */
export const oaepEncrypt = (key: RsaKey, algorithm: OaepAlgorithm, plaintext: Uint8Array, random: (n: number) => Uint8Array): E.Either<string, Uint8Array> => {
  const hash = OAEP_HASH[algorithm]
  return E.flatMap(emeOaepEncode(hash, plaintext, key.modulusBytes, random(hashBytes(hash))), (em) =>
    E.tryCatch(() => new Uint8Array(nodeCrypto().publicEncrypt({ key: key.publicKey, padding: nodeCrypto().constants.RSA_NO_PADDING }, em)), () => 'RSA encryption failed'))
}

/**
 * Decrypts RSAES-OAEP ciphertext.
 * @param key - the RSA private key
 * @param algorithm - the OAEP algorithm the ciphertext was made with
 * @param ciphertext - exactly `k` bytes (a shorter one is refused, RFC 8017 §7.1.2)
 * @returns the plaintext, or Left (no detail: a decryption oracle says nothing)
 * @since 0.1.0
 */
export const oaepDecrypt = (key: RsaKey, algorithm: OaepAlgorithm, ciphertext: Uint8Array): E.Either<string, Uint8Array> => {
  if (ciphertext.length !== key.modulusBytes) return E.left('decryption failed')
  return E.tryCatch(
    () => new Uint8Array(nodeCrypto().privateDecrypt({ key: key.privateKey, padding: nodeCrypto().constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[algorithm] }, ciphertext)),
    () => 'decryption failed',
  )
}
