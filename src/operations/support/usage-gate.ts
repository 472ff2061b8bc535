/**
 * The usage gate: whether a key may be used for a cryptographic operation now, and with which
 * material (docs/evidence.md §2.1: DisabledException, `is pending import.`, `is pending deletion.`).
 * Encrypt, Decrypt and the other usage operations go through it; embedders can call it too.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type KMSInvalidStateException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import { currentMaterial, type KeyMaterial, type KeyRecord } from '../../model/key-record.js'
import type { Secret } from '../../model/secret.js'
import type { Profile, StatefulOperation } from '../../profiles/profile.js'
import { checkState, type KeyStateError } from './key-gate.js'

/** Material that is present. @since 0.1.0 */
export type PresentMaterial = KeyMaterial & {
  /** The material's bytes. */
  readonly secret: Secret
}

/**
 * Which material the operation needs: the CURRENT one, or one named by a ciphertext, with the
 * operation's answer when the key does not hold it (Decrypt: InvalidCiphertextException).
 * @typeParam U - the error for a material the key does not hold
 * @since 0.1.0
 */
export type MaterialChoice<U = never> = {
  /** The CURRENT material. */
  readonly current: true
} | {
  /** The material with this id. */
  readonly keyMaterialId: string
  /**
   * The operation's error when the key holds no material with that id.
   * @returns the error
   */
  readonly unknown: () => U
}

const isPresent = (m: KeyMaterial): m is PresentMaterial => m.secret !== undefined

/** The gate's refusals. @since 0.1.0 */
export type UsageGateError = KeyStateError | KMSInvalidStateException

/**
 * Whether `key` may be used for `operation` now, and with which material.
 * @param profile - the profile (its state table)
 * @param operation - the usage operation (`Encrypt`, `Decrypt`)
 * @param key - the key, settled at the request's instant
 * @param choice - the CURRENT material, or a material id and the error when the key does not hold it
 * @returns the material to use, or the state table's refusal, KMSInvalidStateException `pending
 *   import` for material that is not present, or the choice's own error for an unknown id
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, createEmulator, getKey, usableMaterial } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * assert.ok(created._tag === 'Right')
 * const key = getKey(kms.store(), created.right.KeyMetadata.KeyId)!
 * const gate = usableMaterial(classicProfile, 'Encrypt', key, { current: true })
 * assert.ok(gate._tag === 'Left')
 * assert.equal(gate.left._tag, 'KMSInvalidStateException') // pending import: no material yet
 * ```
 * @since 0.1.0
 */
export const usableMaterial = <U = never>(
  profile: Profile,
  operation: StatefulOperation,
  key: KeyRecord,
  choice: MaterialChoice<U>,
): E.Either<UsageGateError | U, PresentMaterial> =>
  E.flatMap(checkState(profile, operation, key), (k): E.Either<UsageGateError | U, PresentMaterial> => {
    const pendingImport = (): E.Either<KMSInvalidStateException, never> => E.left(exception('KMSInvalidStateException', renderMessage(profile.messages.pendingImport, { arn: k.arn })))
    if ('current' in choice) {
      const m = currentMaterial(k)
      return m !== undefined && isPresent(m) ? E.right(m) : pendingImport()
    }
    const m = k.materials.find((x) => x.keyMaterialId === choice.keyMaterialId)
    if (m === undefined) return E.left(choice.unknown())
    return isPresent(m) ? E.right(m) : pendingImport()
  })
