/**
 * Validation of unwrapped key material against the key spec (docs/evidence.md §6). A failure is a reason
 * that says what was wrong without echoing secret bytes; the operation turns it into
 * IncorrectKeyMaterialException. Asymmetric material is returned re-encoded as canonical PKCS#8
 * DER, so the same key always has the same KeyMaterialId.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { renderMessage } from '../errors/messages.js'
import type { KeySpec, Partition } from '../model/enums.js'
import { revealSecret, Secret } from '../model/secret.js'
import type { Profile } from '../profiles/profile.js'
import { validateEcPkcs8, validateRsaPkcs8 } from './pkcs8.js'

/**
 * Checks material against the profile's material rule for the key spec.
 * @param profile - the profile
 * @param keySpec - the key's spec
 * @param partition - the region's partition (China takes 16-byte symmetric material)
 * @param material - the unwrapped material
 * @returns the material to store, or the reason it is refused
 * @since 0.1.0
 */
export const validateMaterial = (profile: Profile, keySpec: KeySpec, partition: Partition, material: Secret): E.Either<string, Secret> => {
  const rule = profile.material[keySpec]
  if (rule === undefined) return E.left(`Key spec ${keySpec} does not accept imported key material.`)
  switch (rule.kind) {
    case 'symmetric': {
      const bytes = rule.bytesByPartition?.[partition] ?? rule.bytes
      return material.length === bytes
        ? E.right(material)
        : E.left(renderMessage(profile.messages.materialWrongSize, { keySpec, bytes, length: material.length }))
    }
    case 'hmac':
      return material.length >= rule.minBytes && material.length <= rule.maxBytes
        ? E.right(material)
        : E.left(`The key material for key spec ${keySpec} must be between ${rule.minBytes} and ${rule.maxBytes} bytes; it was ${material.length} bytes.`)
    case 'rsa':
      return E.map(Secret.of)(validateRsaPkcs8(revealSecret(material), keySpec, rule.modulusBits))
    case 'ec':
      return E.map(Secret.of)(validateEcPkcs8(revealSecret(material), keySpec, rule.curve))
  }
}
