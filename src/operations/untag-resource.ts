/**
 * UntagResource: removes tags of a key by tag key; a key it does not carry is ignored
 * (docs/evidence.md §12). An `aws:` tag key is refused; so is a key pending deletion.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type TagException } from '../errors/exceptions.js'
import { renderMessage } from '../errors/messages.js'
import { updateKey } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** UntagResource's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type UntagResourceRequest = Model.UntagResourceRequest
/** UntagResource answers an empty body. @since 0.2.0 */
export type UntagResourceResponse = Record<string, never>
/** UntagResource's errors. @since 0.2.0 */
export type UntagResourceError = KeyOperationError | TagException

/**
 * Removes tags from a key.
 * @param env - the operation environment
 * @param store - the store
 * @param req - the decoded request
 * @returns the new store, or the error
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ crypto: createDeterministicProvider() })
 * const created = await kms.invoke('CreateKey', { Tags: [{ TagKey: 'team', TagValue: 'crypto' }] })
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * assert.equal((await kms.invoke('UntagResource', { KeyId, TagKeys: ['team', 'absent'] }))._tag, 'Right')
 * const listed = await kms.invoke('ListResourceTags', { KeyId })
 * assert.ok(listed._tag === 'Right' && listed.right.Tags.length === 0)
 * ```
 * @since 0.2.0
 */
export const untagResource = keyOperation('UntagResource', (env, key, req: UntagResourceRequest) => {
  const reserved = req.TagKeys.find((k) => k.toLowerCase().startsWith('aws:'))
  if (reserved !== undefined) return E.left(exception('TagException', renderMessage(env.profile.messages.tagReservedPrefix, { tagKey: reserved })))
  const tags = key.tags.filter((tag) => !req.TagKeys.includes(tag.TagKey))
  return E.right({ key: tags.length === key.tags.length ? key : updateKey(key, { tags }), response: {} as UntagResourceResponse })
})
