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

/** Which material the operation needs: the CURRENT one, or one named by a ciphertext. @since 0.1.0 */
export type MaterialChoice = {
  /** The CURRENT material. */
  readonly current: true
} | {
  /** The material with this id. */
  readonly keyMaterialId: string
}

/** The gate's refusals. @since 0.1.0 */
export type UsageGateError = KeyStateError | KMSInvalidStateException

/**
 * Whether `key` may be used for `operation` now, and with which material.
 * @param profile - the profile (its state table)
 * @param operation - the usage operation (`Encrypt`, `Decrypt`)
 * @param key - the key, settled at the request's instant
 * @param choice - the CURRENT material, or a material id
 * @returns the material to use, or the state table's refusal; `undefined` material (Right) never
 *   happens: a named material that the key does not hold is `Left('unknown-material')`
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
 * assert.ok(gate._tag === 'Left' && gate.left !== 'unknown-material')
 * assert.equal(gate.left._tag, 'KMSInvalidStateException') // pending import: no material yet
 * ```
 * @since 0.1.0
 */
export const usableMaterial = (
  profile: Profile,
  operation: StatefulOperation,
  key: KeyRecord,
  choice: MaterialChoice,
): E.Either<UsageGateError | 'unknown-material', PresentMaterial> =>
  E.flatMap(checkState(profile, operation, key), (k): E.Either<UsageGateError | 'unknown-material', PresentMaterial> => {
    const m = 'current' in choice ? currentMaterial(k) : k.materials.find((x) => x.keyMaterialId === choice.keyMaterialId)
    if (m === undefined) return 'current' in choice ? E.left(exception('KMSInvalidStateException', renderMessage(profile.messages.pendingImport, { arn: k.arn }))) : E.left('unknown-material')
    if (m.secret === undefined) return E.left(exception('KMSInvalidStateException', renderMessage(profile.messages.pendingImport, { arn: k.arn })))
    return E.right(m as PresentMaterial)
  })
