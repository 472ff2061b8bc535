/**
 * TagResource: adds or replaces tags of a key (docs/evidence.md §12): no `aws:` key, no key twice,
 * at most 50 tags on the key; refused while the key is pending deletion.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { LimitExceededException, TagException } from '../errors/exceptions.js'
import { updateKey } from '../model/key-record.js'
import { keyOperation, type KeyOperationError } from './support/key-operation.js'
import { applyTags } from './support/tags.js'
import type * as Model from '../protocol/generated/kms-model.js'

/** TagResource's request, as AWS's model declares it (decoded and checked before the rule runs). @since 0.2.0 */
export type TagResourceRequest = Model.TagResourceRequest
/** TagResource answers an empty body. @since 0.2.0 */
export type TagResourceResponse = Record<string, never>
/** TagResource's errors. @since 0.2.0 */
export type TagResourceError = KeyOperationError | TagException | LimitExceededException

/**
 * Tags a key.
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
 * const created = await kms.invoke('CreateKey', {})
 * assert.ok(created._tag === 'Right')
 * const { KeyId } = created.right.KeyMetadata
 * assert.equal((await kms.invoke('TagResource', { KeyId, Tags: [{ TagKey: 'team', TagValue: 'crypto' }] }))._tag, 'Right')
 * const reserved = await kms.invoke('TagResource', { KeyId, Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] })
 * assert.ok(reserved._tag === 'Left' && reserved.left._tag === 'TagException')
 * ```
 * @since 0.2.0
 */
export const tagResource = keyOperation('TagResource', (env, key, req: TagResourceRequest) =>
  E.map((tags: typeof key.tags) => ({ key: updateKey(key, { tags }), response: {} as TagResourceResponse }))(applyTags(env.profile, key.tags, req.Tags)))
