/**
 * ListResourceTags: a key's tags, a page at a time, in every key state (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { InvalidMarkerException } from '../errors/exceptions.js'
import type { KeyTag } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import { pageOf } from './support/pagination.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** ListResourceTags's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type ListResourceTagsRequest = Model.ListResourceTagsRequest

/** ListResourceTags' response. @since 0.2.0 */
export interface ListResourceTagsResponse {
  /** This page's tags. */
  readonly Tags: KeyTag[]
  /** Where the next page starts; only when `Truncated`. */
  readonly NextMarker?: string
  /** Whether more tags follow. */
  readonly Truncated: boolean
}

/** ListResourceTags' errors. @since 0.2.0 */
export type ListResourceTagsError = KeyOperationError | InvalidMarkerException

/** AWS's default page size of ListResourceTags (DOC: 50). */
const DEFAULT_LIMIT = 50

/**
 * Lists a key's tags.
 * @param env - the operation environment
 * @param store - the store (unchanged)
 * @param req - the decoded request
 * @returns a page of tags, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] })
 * assert.ok(created._tag === 'Right')
 * const page = await kms.invoke('ListResourceTags', { KeyId: created.right.KeyMetadata.KeyId, Limit: 1 })
 * assert.ok(page._tag === 'Right' && page.right.Truncated)
 * assert.deepEqual(page.right.Tags, [{ TagKey: 'a', TagValue: '1' }])
 * ```
 * @since 0.2.0
 */
export const listResourceTags = keyOperation('ListResourceTags', (env, key, req: ListResourceTagsRequest) =>
  pipe(
    pageOf(env.profile, 'tags', key.tags, (tag) => tag.TagKey, req.Limit, req.Marker, DEFAULT_LIMIT),
    E.map((page) => ({
      key,
      response: {
        Tags: page.items.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
        ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}),
        Truncated: page.truncated,
      } as ListResourceTagsResponse,
    })),
  ))
