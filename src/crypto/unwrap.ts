/**
 * Unwrapping of EncryptedKeyMaterial, per wrapping algorithm (docs/evidence.md §5). Shared by every
 * provider: unwrapping is deterministic, so the test provider uses the same code.
 *
 * `RSAES_PKCS1_V1_5` exists only to model the retired algorithm of the seed era. Node 20 refuses
 * PKCS#1 v1.5 private decryption (CVE-2023-46809, the Marvin attack), so that path uses the pure-JS
 * RSA of `micro-rsa-dsa-dh`, which is **not constant-time**. Never expose it to untrusted parties
 * as a decryption oracle: it is a model of an algorithm AWS itself retired on 2023-10-10.
 *
 * @module
 */
import type { KeyObject } from 'node:crypto'
import { nodeCrypto } from './builtins.js'
import * as E from 'fp-ts/lib/Either.js'
import { aes, microRsa } from './libraries.js'
import type { WrappingAlgorithm } from '../model/enums.js'
import { sm2Decrypt, sm2ScalarHex } from './sm2pke.js'
import { revealSecret, Secret } from '../model/secret.js'

const toBigInt = (b64url: string | undefined): bigint => BigInt(`0x${Buffer.from(b64url ?? '', 'base64url').toString('hex') || '0'}`)

const modulusBytes = (key: KeyObject): number => Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8)

// RFC 8017 §7.1.2 step 1: the ciphertext is exactly k bytes. OpenSSL would read a shorter input as
// a smaller number, accepting a ciphertext whose leading zero byte was dropped; AWS refuses it.
const oaep = (key: KeyObject, hash: 'sha1' | 'sha256', data: Uint8Array): E.Either<string, Uint8Array> =>
  data.length !== modulusBytes(key)
    ? E.left('OAEP ciphertext length is not the modulus length')
    : E.tryCatch(
      () => new Uint8Array(nodeCrypto().privateDecrypt({ key, padding: nodeCrypto().constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data)),
      () => 'OAEP decryption failed',
    )

const pkcs1 = (key: KeyObject, data: Uint8Array): E.Either<string, Uint8Array> =>
  E.tryCatch(
    () => {
      const jwk = key.export({ format: 'jwk' })
      return microRsa().PKCS1_KEM.decrypt({ n: toBigInt(jwk.n), d: toBigInt(jwk.d) }, data)
    },
    () => 'PKCS#1 v1.5 decryption failed',
  )

const rsaAes = (key: KeyObject, hash: 'sha1' | 'sha256', data: Uint8Array): E.Either<string, Uint8Array> => {
  const k = modulusBytes(key)
  if (data.length <= k) return E.left('wrapped material is too short for RSA_AES_KEY_WRAP')
  return E.flatMap(oaep(key, hash, data.subarray(0, k)), (aesKey) =>
    aesKey.length !== 32
      ? E.left('the RSA-encrypted AES key is not 32 bytes')
      : E.tryCatch(() => aes().aeskwp(aesKey).decrypt(data.subarray(k)), () => 'AES key wrap integrity check failed'),
  )
}

/**
 * Parses a PKCS#8 DER private key into a `KeyObject`.
 * @param privateKey - PKCS#8 DER
 * @returns the key, or Left when it does not parse
 * @internal
 */
export const parsePrivateKey = (privateKey: Secret): E.Either<string, KeyObject> => {
  // the revealed copy goes to OpenSSL through a view (not a copy in the pooled Buffer memory), and is wiped after
  const der = revealSecret(privateKey)
  const parsed = E.tryCatch(() => nodeCrypto().createPrivateKey({ key: Buffer.from(der.buffer, der.byteOffset, der.byteLength), format: 'der', type: 'pkcs8' }), () => 'wrapping private key does not parse')
  der.fill(0)
  return parsed
}

/**
 * Unwraps with a ready `KeyObject` (the hot path of ImportKeyMaterial).
 * @param algorithm - wrapping algorithm
 * @param key - the RSA wrapping private key
 * @param wrapped - EncryptedKeyMaterial
 * @returns the material, or Left with a reason
 * @since 0.1.0
 */
export const unwrapWithKey = (algorithm: WrappingAlgorithm, key: KeyObject, wrapped: Uint8Array): E.Either<string, Secret> => {
  const out = ((): E.Either<string, Uint8Array> => {
    switch (algorithm) {
      case 'RSAES_OAEP_SHA_1': return oaep(key, 'sha1', wrapped)
      case 'RSAES_OAEP_SHA_256': return oaep(key, 'sha256', wrapped)
      case 'RSAES_PKCS1_V1_5': return pkcs1(key, wrapped)
      case 'RSA_AES_KEY_WRAP_SHA_1': return rsaAes(key, 'sha1', wrapped)
      case 'RSA_AES_KEY_WRAP_SHA_256': return rsaAes(key, 'sha256', wrapped)
      case 'SM2PKE':
        return E.flatMap(
          E.flatMap(E.tryCatch(() => new Uint8Array(key.export({ format: 'der', type: 'pkcs8' })), () => 'unexportable key'), sm2ScalarHex),
          (d) => sm2Decrypt(d, wrapped),
        )
    }
  })()
  return E.map(Secret.of)(out)
}

/**
 * Unwraps EncryptedKeyMaterial with the wrapping private key of a token.
 * @param algorithm - wrapping algorithm
 * @param privateKey - PKCS#8 DER of the wrapping private key
 * @param wrapped - EncryptedKeyMaterial
 * @returns the material, or Left with a reason (never secret bytes)
 * @since 0.1.0
 */
export const unwrapMaterial = (algorithm: WrappingAlgorithm, privateKey: Secret, wrapped: Uint8Array): E.Either<string, Secret> =>
  E.flatMap(parsePrivateKey(privateKey), (key) => unwrapWithKey(algorithm, key, wrapped))
