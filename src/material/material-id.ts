/**
 * `KeyMaterialId`: 64 lowercase hex characters, deterministic per (key, material), different
 * across keys, revealing nothing about the material (docs/evidence.md §8; the formula is CHOSEN:
 * HMAC-SHA-256 keyed by a service secret derived from the sealing key, over key id and material).
 *
 * @module
 */
import { nodeCrypto } from '../crypto/builtins.js'
import { revealSecret, type Secret } from '../model/secret.js'

const INFO = new TextEncoder().encode('kms-key-import/key-material-id/v1')

/**
 * The service secret for key material ids, derived from the sealing key with HKDF-SHA-256.
 * @param sealingKey - the emulator's sealing key
 * @returns 32 bytes
 * @internal
 */
export const materialIdSecret = (sealingKey: Secret): Uint8Array => new Uint8Array(nodeCrypto().hkdfSync('sha256', revealSecret(sealingKey), new Uint8Array(0), INFO, 32))

/**
 * The `KeyMaterialId` of `material` in key `keyId`.
 * @param idSecret - from {@link materialIdSecret}
 * @param keyId - the key id
 * @param material - the plaintext material
 * @returns 64 lowercase hex characters
 * @since 0.1.0
 */
export const keyMaterialId = (idSecret: Uint8Array, keyId: string, material: Secret): string => {
  // node:crypto's HMAC: ~1 µs on the import hot path, where @noble/hashes takes ~10 µs
  const mac = nodeCrypto().createHmac('sha256', idSecret)
  mac.update(keyId, 'utf8')
  mac.update(new Uint8Array([0]))
  mac.update(revealSecret(material))
  return mac.digest('hex')
}
