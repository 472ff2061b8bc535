/**
 * Client-side wrapping, as a client of KMS does it (docs/evidence.md §5): encrypt key material with the
 * wrapping public key returned by GetParametersForImport. For tests and walkthroughs; real
 * clients use OpenSSL, WebCrypto or an SDK.
 *
 * @module
 */
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto'
import { aeskwp } from '@noble/ciphers/aes.js'
import type { WrappingAlgorithm } from '../model/enums.js'
import { sm2Encrypt } from '../crypto/sm2pke.js'

/**
 * Wraps `material` under `publicKey` (DER SPKI) with `algorithm`.
 * @param publicKey - the `PublicKey` of GetParametersForImport
 * @param algorithm - the wrapping algorithm of the same call
 * @param material - plaintext key material
 * @param aesKey - for `RSA_AES_KEY_WRAP_*`: the 32-byte ephemeral AES key (default random)
 * @returns `EncryptedKeyMaterial`
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider, wrapKeyMaterial } from 'kms-key-import/testing'
 * const kms = createEmulator({ profile: '2023-10-10', crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * const params = await kms.invoke('GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_3072' })
 * assert.ok(params._tag === 'Right')
 * const EncryptedKeyMaterial = wrapKeyMaterial(params.right.PublicKey, 'RSA_AES_KEY_WRAP_SHA_256', new Uint8Array(32).fill(1))
 * assert.equal(EncryptedKeyMaterial.length, 384 + 40) // the RSA-3072 OAEP block, then AES key wrap of 32 bytes
 * const imported = await kms.invoke('ImportKeyMaterial', { KeyId, ImportToken: params.right.ImportToken, EncryptedKeyMaterial, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })
 * assert.equal(imported._tag, 'Right')
 * ```
 * @since 0.1.0
 */
export const wrapKeyMaterial = (publicKey: Uint8Array, algorithm: WrappingAlgorithm, material: Uint8Array, aesKey?: Uint8Array): Uint8Array => {
  const key = (): ReturnType<typeof createPublicKey> => createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' })
  const oaep = (hash: 'sha1' | 'sha256', data: Uint8Array): Uint8Array =>
    new Uint8Array(publicEncrypt({ key: key(), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data))
  switch (algorithm) {
    case 'RSAES_OAEP_SHA_1': return oaep('sha1', material)
    case 'RSAES_OAEP_SHA_256': return oaep('sha256', material)
    case 'RSAES_PKCS1_V1_5': return new Uint8Array(publicEncrypt({ key: key(), padding: constants.RSA_PKCS1_PADDING }, material))
    case 'RSA_AES_KEY_WRAP_SHA_1':
    case 'RSA_AES_KEY_WRAP_SHA_256': {
      const k = aesKey ?? new Uint8Array(randomBytes(32))
      const head = oaep(algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256', k)
      const tail = aeskwp(k).encrypt(material)
      const out = new Uint8Array(head.length + tail.length)
      out.set(head)
      out.set(tail, head.length)
      return out
    }
    case 'SM2PKE':
      return sm2Encrypt(publicKey, material)
  }
}
