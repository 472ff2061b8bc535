/**
 * Support for the integrity properties (import tokens and wrapped key material): the profiles and
 * algorithms they run over, and an independent check of what material a key holds (its ciphertexts
 * decrypted locally with the material the client wrapped, by the documented blob layout). The
 * harness, the import flow and the messages are the shared ones (test/support).
 */
import { gcm } from '@noble/ciphers/aes.js'
import { expect } from 'vitest'
import { resolveProfile, type ProfileName, type WrappingAlgorithm } from 'kms-key-import'
import { b64, expectOk, unb64, type Kms } from '../support/kms.js'

/** The profiles and the wrapping algorithms each accepts (docs/evidence.md §1, §5; SM2PKE is China only). */
export const PROFILE_ALGORITHMS: readonly (readonly [ProfileName, WrappingAlgorithm])[] = [
  ['classic', 'RSAES_OAEP_SHA_1'],
  ['classic', 'RSAES_OAEP_SHA_256'],
  ['classic', 'RSAES_PKCS1_V1_5'],
  ...(['2023-10-10', '2025-06-05'] as const)
    .filter((p) => resolveProfile(p) !== undefined)
    .flatMap((p) => (['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const).map((a) => [p, a] as const)),
]

/** Every wrapping algorithm a client could use against an RSA wrapping key. */
export const RSA_ALGORITHMS: readonly WrappingAlgorithm[] = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256']

const MAGIC = [0x4b, 0x4b, 0x43, 0x31] // "KKC1"
const HEADER = 4 + 16 + 32
const NONCE = 12

/**
 * Whether the key holds exactly `material`: Encrypt under the key, then open the ciphertext blob
 * locally with `material` (layout `"KKC1" ‖ keyId(16) ‖ keyMaterialId(32) ‖ nonce(12) ‖
 * AES-256-GCM`, the header as additional data, no encryption context). Independent of the
 * emulator's own Decrypt.
 * @param kms - the emulator
 * @param keyId - a symmetric key
 * @param material - the 32 bytes the client wrapped
 * @returns true when the key's material is `material`
 */
export const holdsMaterial = async (kms: Kms, keyId: string, material: Uint8Array): Promise<boolean> => {
  const plaintext = new TextEncoder().encode('integrity probe')
  const blob = unb64(String(expectOk(await kms.call('Encrypt', { KeyId: keyId, Plaintext: b64(plaintext) })).CiphertextBlob))
  expect([...blob.subarray(0, 4)]).toEqual(MAGIC)
  try {
    const opened = gcm(material, blob.subarray(HEADER, HEADER + NONCE), blob.subarray(0, HEADER)).decrypt(blob.subarray(HEADER + NONCE))
    return Buffer.from(opened).equals(Buffer.from(plaintext))
  } catch {
    return false
  }
}
