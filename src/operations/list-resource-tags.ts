/**
 * ListResourceTags: a key's tags, a page at a time, in every key state (docs/evidence.md §12).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import * as t from 'io-ts'
import type { InvalidMarkerException } from '../errors/exceptions.js'
import { keyIdMember } from '../protocol/key-id.js'
import { limitMember, markerMember } from '../protocol/list-members.js'
import { requestCodec } from '../protocol/per-profile.js'
import type { KeyTag } from '../model/key-record.js'
import type { Profile } from '../profiles/profile.js'
import { decoded } from './support/operation.js'
import { keyRule, type KeyOperationError } from './support/key-operation.js'
import { pageOf } from './support/pagination.js'

/**
 * The ListResourceTags request codec.
 * @param profile - the profile whose limits apply
 * @returns the codec (built once per profile)
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, ListResourceTagsRequest } from 'kms-key-import'
 * assert.equal(ListResourceTagsRequest(classicProfile).decode({ KeyId: 'k', Limit: 1 })._tag, 'Right')
 * assert.equal(ListResourceTagsRequest(classicProfile).decode({ Limit: 1 })._tag, 'Left')
 * ```
 * @since 0.2.0
 */
export const ListResourceTagsRequest = requestCodec((profile: Profile) =>
  t.intersection([
    t.type({
      /** The key: its key id or key ARN. */
      KeyId: keyIdMember(profile),
    }),
    t.partial({
      /** Page size, 1 to 1000 (default 50). */
      Limit: limitMember,
      /** A previous response's `NextMarker`. */
      Marker: markerMember,
    }),
  ]))
/** @since 0.2.0 */
export type ListResourceTagsRequest = t.TypeOf<ReturnType<typeof ListResourceTagsRequest>>

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
 * @param input - the request
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
export const listResourceTags = decoded(ListResourceTagsRequest, keyRule('ListResourceTags', (env, key, req: ListResourceTagsRequest) =>
  pipe(
    pageOf(env.profile, 'tags', key.tags, req.Limit, req.Marker, DEFAULT_LIMIT),
    E.map((page) => ({
      key,
      response: {
        Tags: page.items.map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
        ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}),
        Truncated: page.truncated,
      } as ListResourceTagsResponse,
    })),
  )))
