/**
 * ListKeys: the account's keys in the call's Region (a multi-Region key's replica in its own Region),
 * a page at a time (docs/evidence.md §12). Keys whose deletion date has passed are gone; keys
 * pending deletion are listed.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { InvalidMarkerException } from '../errors/exceptions.js'
import { getKey, keysInOrder, slotOf, type KeyStore } from '../model/key-store.js'
import type { KeyRecord } from '../model/key-record.js'
import type { OperationEnv, Outcome } from './support/env.js'
import { pageOfSequence, type Page } from './support/pagination.js'
import type * as Model from '../protocol/generated/kms-model.js'
import { settling } from './support/settling.js'

/** ListKeys's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type ListKeysRequest = Model.ListKeysRequest

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

/** AWS's page size when `Limit` is absent (DOC API_ListKeys). */
const DEFAULT_LIMIT = 100

/** The keys of one Region in creation order, lazily, from the first or from `fromSlot`. */
function* keysIn(store: KeyStore, region: string, fromSlot?: string): Generator<KeyRecord> {
  for (const k of keysInOrder(store, fromSlot)) if (k.region === region) yield k
}

/**
 * Lists the keys.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
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
export const listKeys = settling((env: OperationEnv, store: KeyStore, req: ListKeysRequest): E.Either<ListKeysError, Outcome<ListKeysResponse>> =>
  pipe(
    pageOfSequence(env.profile, 'keys', () => keysIn(store, env.region), (k) => k.keyId, req.Limit, req.Marker, DEFAULT_LIMIT, (id) => {
      const key = getKey(store, id, env.region)
      return key === undefined || key.region !== env.region ? undefined : keysIn(store, env.region, slotOf(key))
    }),
    E.map((page): Page<KeyListEntry> => ({ ...page, items: page.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })) })),
    E.map((page: Page<KeyListEntry>): Outcome<ListKeysResponse> => ({
      store,
      response: { Keys: [...page.items], ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}), Truncated: page.truncated },
      events: [],
    })),
  ))
