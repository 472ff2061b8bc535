/**
 * ListKeys: the account's keys in this region, a page at a time (docs/evidence.md §12). Keys whose
 * deletion date has passed are gone; keys pending deletion are listed.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { InvalidMarkerException } from '../errors/exceptions.js'
import { limitMember, markerMember } from '../protocol/list-members.js'
import { requestCodec } from '../protocol/per-profile.js'
import { allKeys, type KeyStore } from '../model/key-store.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { decoded } from './support/operation.js'
import { pageOf } from './support/pagination.js'

/**
 * The ListKeys request codec.
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, ListKeysRequest } from 'kms-key-import'
 * assert.equal(ListKeysRequest(classicProfile).decode({ Limit: 10 })._tag, 'Right')
 * assert.equal(ListKeysRequest(classicProfile).decode({ Limit: 0 })._tag, 'Left')
 * ```
 * @since 0.2.0
 */
export const ListKeysRequest = requestCodec(() =>
  t.partial({
    /** Page size, 1 to 1000 (default 100). */
    Limit: limitMember,
    /** A previous response's `NextMarker`. */
    Marker: markerMember,
  }))
/** @since 0.2.0 */
export type ListKeysRequest = t.TypeOf<ReturnType<typeof ListKeysRequest>>

/** One entry of ListKeys. @since 0.2.0 */
export interface KeyListEntry {
  /** The key id. */
  readonly KeyId: string
  /** The key ARN. */
  readonly KeyArn: string
}

/** ListKeys' response. @since 0.2.0 */
export interface ListKeysResponse {
  /** This page's keys. */
  readonly Keys: KeyListEntry[]
  /** Where the next page starts; only when `Truncated`. */
  readonly NextMarker?: string
  /** Whether more keys follow. */
  readonly Truncated: boolean
}

/** ListKeys' errors. @since 0.2.0 */
export type ListKeysError = InvalidMarkerException

/**
 * The rule of ListKeys on a decoded request.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns a page of keys, or InvalidMarkerException
 * @since 0.2.0
 */
export const listKeysRule = (env: OperationEnv, store: KeyStore, req: ListKeysRequest): E.Either<ListKeysError, Outcome<ListKeysResponse>> =>
  E.map((page: { readonly items: readonly KeyListEntry[]; readonly nextMarker: string | undefined; readonly truncated: boolean }): Outcome<ListKeysResponse> => ({
    store,
    response: { Keys: [...page.items], ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}), Truncated: page.truncated },
    events: [],
  }))(pageOf(env.profile, 'keys', allKeys(store).map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), req.Limit, req.Marker))

/**
 * Lists the keys.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param input - the request
 * @returns a page of keys, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * await kms.invoke('CreateKey', {})
 * await kms.invoke('CreateKey', { Origin: 'EXTERNAL' })
 * const first = await kms.invoke('ListKeys', { Limit: 1 })
 * assert.ok(first._tag === 'Right' && first.right.Truncated)
 * const rest = await kms.invoke('ListKeys', { Marker: first.right.NextMarker })
 * assert.ok(rest._tag === 'Right' && !rest.right.Truncated && rest.right.Keys.length === 1)
 * ```
 * @since 0.2.0
 */
export const listKeys = decoded(ListKeysRequest, listKeysRule)
