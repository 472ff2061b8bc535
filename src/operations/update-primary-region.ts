/**
 * UpdatePrimaryRegion: the replica in `PrimaryRegion` becomes the primary key and the primary key
 * a replica (docs/evidence.md §11). Both must be `Enabled` when it starts (DOC); both are
 * transiently `Updating` for the profile's `primaryUpdatingMs` on the injected clock, then back in
 * the state each had — `Enabled`, or `PendingImport` if its material expired meanwhile. The request
 * names the current primary key, in the Region of the call.
 *
 * Refusals, in order: the request; the key; UnsupportedOperationException for a single-Region
 * key or a replica; the key-state table for the primary (DisabledException when Disabled,
 * KMSInvalidStateException when PendingImport, …); NotFoundException when `PrimaryRegion` holds
 * no replica (the primary's own Region included); the key-state table for that replica.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { exception, type NotFoundException, type RequestError } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { updateKey, type KeyRecord } from '../model/key-record.js'
import { getKey, putKey, type KeyStore } from '../model/key-store.js'
import type * as Model from '../protocol/generated/kms-model.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { checkKey, type KeyStateError } from './support/key-gate.js'
import { primaryOf, relatedKeys, type MultiRegionRefusal } from './support/multi-region.js'
import { resolveKey, type ResolveKeyError } from './support/resolve-key.js'

/** UpdatePrimaryRegion's request, as AWS's model declares it (decoded and checked by the protocol layer). @since 0.2.0 */
export type UpdatePrimaryRegionRequest = Model.UpdatePrimaryRegionRequest

/** UpdatePrimaryRegion answers nothing (an empty body). @since 0.2.0 */
export type UpdatePrimaryRegionResponse = Model.NoMembers

/** UpdatePrimaryRegion's errors. @since 0.2.0 */
export type UpdatePrimaryRegionError = RequestError | ResolveKeyError | MultiRegionRefusal | KeyStateError | NotFoundException

const updating = (env: OperationEnv, key: KeyRecord, primaryRegion: string): KeyRecord =>
  updateKey(key, { state: 'Updating', settlesAt: env.now + env.profile.limits.primaryUpdatingMs, settlesTo: key.state, primaryRegion })

/**
 * Makes the replica in another Region the primary key.
 * @param env - the operation environment (its Region is the current primary key's)
 * @param store - the store (every Region)
 * @param req - the request
 * @returns the new store and an empty response, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
 * const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
 * const kms = createEmulator({ crypto: createDeterministicProvider(), clock, region: 'us-east-1' })
 * const created = await kms.invoke('CreateKey', { MultiRegion: true })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * await kms.invoke('ReplicateKey', { KeyId, ReplicaRegion: 'eu-west-1' })
 * clock.advance(5_000)
 * assert.equal((await kms.invoke('UpdatePrimaryRegion', { KeyId, PrimaryRegion: 'eu-west-1' }))._tag, 'Right')
 * const described = await kms.invoke('DescribeKey', { KeyId }, 'eu-west-1')
 * assert.ok(described._tag === 'Right')
 * assert.equal(described.right.KeyMetadata.KeyState, 'Updating')
 * assert.equal(described.right.KeyMetadata.MultiRegionConfiguration?.MultiRegionKeyType, 'PRIMARY')
 * ```
 * @since 0.2.0
 */
export const updatePrimaryRegion = (env: OperationEnv, store: KeyStore, req: UpdatePrimaryRegionRequest): E.Either<UpdatePrimaryRegionError, Outcome<UpdatePrimaryRegionResponse>> =>
  pipe(
    resolveKey(env, store, req.KeyId, false),
    E.flatMap(({ key }) => primaryOf(env, store, key)),
    E.flatMap(({ key }) =>
      pipe(
        checkKey(env.profile, 'UpdatePrimaryRegion', key),
        E.flatMap((): E.Either<UpdatePrimaryRegionError, KeyRecord> => {
          const replica = req.PrimaryRegion === key.region ? undefined : getKey(store, key.keyId, req.PrimaryRegion)
          return replica === undefined
            ? E.left(exception('NotFoundException', renderMessage(env.profile.messages.noReplicaInRegion, { arn: key.arn, region: req.PrimaryRegion })))
            : checkKey(env.profile, 'UpdatePrimaryRegion', replica)
        }),
        E.map((replica): Outcome<UpdatePrimaryRegionResponse> => {
          const primaryRegion = replica.region
          // the old and new primary are Updating; every related key names the new primary
          const others = relatedKeys(store, key).filter((k) => k.region !== primaryRegion).map((k) => updateKey(k, { primaryRegion }))
          const changed = [updating(env, key, primaryRegion), updating(env, replica, primaryRegion), ...others]
          return { store: changed.reduce(putKey, store), response: {}, events: [] }
        }),
      )),
  )
