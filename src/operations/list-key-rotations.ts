/**
 * ListKeyRotations (docs/evidence.md §8): the key's materials with their ids, states, import states,
 * expiry and rotation dates. `IncludeKeyMaterial` `ROTATIONS_ONLY` (default) lists materials that
 * became CURRENT by rotation; `ALL_KEY_MATERIAL` every material, the first and the pending one too.
 * Pages with `Limit` (1–1000, default 100) and an opaque `Marker`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { checkRotatable } from './rotate-key-on-demand.js'
import type { InvalidMarkerException, UnsupportedOperationException } from '../errors/exceptions.js'
import type { ExpirationModel, ImportState, KeyMaterialState } from '../model/enums.js'
import type { KeyMaterial, KeyRecord, RotationType } from '../model/key-record.js'
import { keyOperation, type KeyChange, type KeyOperationError } from './support/key-operation.js'
import { relatedKeys } from './support/multi-region.js'
import { pageOf } from './support/pagination.js'
import type * as Model from '../protocol/generated/kms-model.js'

const DEFAULT_LIMIT = 100

/** ListKeyRotations's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.1.0 */
export type ListKeyRotationsRequest = Model.ListKeyRotationsRequest

/** One entry of ListKeyRotations (SDK v3 `RotationsListEntry`). @since 0.1.0 */
export interface RotationsListEntry {
  /** The key id. */
  readonly KeyId: string
  /** The material. */
  readonly KeyMaterialId: string
  /** Its description, if any. */
  readonly KeyMaterialDescription?: string
  /** For imported keys: whether the material is present. */
  readonly ImportState?: ImportState
  /**
   * CURRENT, NON_CURRENT or PENDING_ROTATION; PENDING_MULTI_REGION_IMPORT_AND_ROTATION for a
   * multi-Region key's pending material that some related key does not hold yet.
   */
  readonly KeyMaterialState: KeyMaterialState | 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION'
  /** For imported material: as imported. */
  readonly ExpirationModel?: ExpirationModel
  /** For expiring material: when it expires. */
  readonly ValidTo?: Date
  /** When it became CURRENT by rotation. */
  readonly RotationDate?: Date
  /** How it became CURRENT. */
  readonly RotationType?: RotationType
}

/** ListKeyRotations' response. @since 0.1.0 */
export interface ListKeyRotationsResponse {
  /** This page of entries. */
  readonly Rotations: readonly RotationsListEntry[]
  /** Where the next page starts, when `Truncated`. */
  readonly NextMarker?: string
  /** Whether more entries follow. */
  readonly Truncated: boolean
}

/** ListKeyRotations' errors. @since 0.1.0 */
export type ListKeyRotationsError = KeyOperationError | UnsupportedOperationException | InvalidMarkerException

/**
 * The state ListKeyRotations shows: a PENDING_ROTATION material of a multi-Region key is
 * PENDING_MULTI_REGION_IMPORT_AND_ROTATION until every related key holds it (DOC
 * RotationsListEntry; docs/evidence.md §11). `related` are the other Regions' keys.
 */
const shownState = (key: KeyRecord, related: readonly KeyRecord[], m: KeyMaterial): RotationsListEntry['KeyMaterialState'] => {
  if (m.state !== 'PENDING_ROTATION' || key.origin !== 'EXTERNAL' || related.length === 0) return m.state
  const holds = (k: KeyRecord): boolean => k.materials.some((x) => x.keyMaterialId === m.keyMaterialId && x.secret !== undefined)
  return holds(key) && related.every(holds) ? m.state : 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION'
}

const entry = (key: KeyRecord, related: readonly KeyRecord[], m: KeyMaterial): RotationsListEntry => ({
  KeyId: key.keyId,
  KeyMaterialId: m.keyMaterialId,
  ...(m.description !== undefined ? { KeyMaterialDescription: m.description } : {}),
  ...(key.origin === 'EXTERNAL' ? { ImportState: m.secret !== undefined ? 'IMPORTED' as const : 'PENDING_IMPORT' as const } : {}),
  KeyMaterialState: shownState(key, related, m),
  ...(m.expirationModel !== undefined ? { ExpirationModel: m.expirationModel } : {}),
  ...(m.validTo !== undefined ? { ValidTo: new Date(m.validTo) } : {}),
  ...(m.rotationDate !== undefined ? { RotationDate: new Date(m.rotationDate) } : {}),
  ...(m.rotationType !== undefined ? { RotationType: m.rotationType } : {}),
})

/**
 * Lists a symmetric key's materials.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the request, decoded and checked by the protocol layer
 * @returns one page of entries, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ profile: 'latest', crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * assert.equal((await kms.invoke('RotateKeyOnDemand', { KeyId }))._tag, 'Right')
 * const listed = await kms.invoke('ListKeyRotations', { KeyId })
 * assert.ok(listed._tag === 'Right')
 * assert.deepEqual(listed.right.Rotations.map((r) => r.RotationType), ['ON_DEMAND'])
 * ```
 * @since 0.1.0
 */
export const listKeyRotations = keyOperation<ListKeyRotationsRequest, ListKeyRotationsResponse, ListKeyRotationsError>(
  'ListKeyRotations',
  (env, key, req, store): E.Either<ListKeyRotationsError, KeyChange<ListKeyRotationsResponse>> => {
    // the keys RotateKeyOnDemand serves: symmetric, and EXTERNAL only where keys hold several materials
    const rotatable = checkRotatable(env, key)
    if (E.isLeft(rotatable)) return rotatable
    const all = req.IncludeKeyMaterial === 'ALL_KEY_MATERIAL'
      ? key.materials
      : key.materials.filter((x) => x.rotationDate !== undefined)
    const page = pageOf(env.profile, 'rotations', all, (x) => x.keyMaterialId, req.Limit, req.Marker, DEFAULT_LIMIT)
    if (E.isLeft(page)) return page
    const related = relatedKeys(store, key)
    const { items, nextMarker, truncated } = page.right
    return E.right({
      key,
      response: { Rotations: items.map((x) => entry(key, related, x)), ...(nextMarker !== undefined ? { NextMarker: nextMarker } : {}), Truncated: truncated },
    })
  },
)
