/**
 * The tag rules of CreateKey and TagResource (docs/evidence.md §12): no key beginning with `aws:`,
 * no key twice in one request, at most 50 tags on a key; a tag key already on the key gets the new
 * value.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { exception, type LimitExceededException, type TagException } from '../../errors/exceptions.js'
import { renderMessage } from '../../errors/messages.js'
import { EMPTY_LIST, type KeyTag } from '../../model/key-record.js'
import type { Profile } from '../../profiles/profile.js'

/** Tags a key may carry (DOC: quotas, "Tags per KMS key"). @since 0.2.0 */
export const MAX_TAGS_PER_KEY = 50

/**
 * The key's tags with `added` applied: an existing tag key takes the new value in place, new ones
 * go at the end.
 * @param profile - the profile (its messages)
 * @param existing - the key's tags
 * @param added - the request's tags
 * @returns the new tag list, or TagException / LimitExceededException
 * @since 0.2.0
 */
export const applyTags = (profile: Profile, existing: readonly KeyTag[], added: readonly KeyTag[]): E.Either<TagException | LimitExceededException, readonly KeyTag[]> => {
  const m = profile.messages
  const seen = new Set<string>()
  for (const tag of added) {
    if (tag.TagKey.toLowerCase().startsWith('aws:')) return E.left(exception('TagException', renderMessage(m.tagReservedPrefix, { tagKey: tag.TagKey })))
    if (seen.has(tag.TagKey)) return E.left(exception('TagException', renderMessage(m.tagDuplicateKey, { tagKey: tag.TagKey })))
    seen.add(tag.TagKey)
  }
  const next = existing.map((tag) => added.find((a) => a.TagKey === tag.TagKey) ?? tag)
  for (const tag of added) if (!existing.some((e) => e.TagKey === tag.TagKey)) next.push(tag)
  if (next.length > MAX_TAGS_PER_KEY) return E.left(exception('LimitExceededException', renderMessage(m.tagLimit, { max: MAX_TAGS_PER_KEY })))
  return E.right(next.length === 0 ? EMPTY_LIST : next.map((tag) => Object.freeze({ TagKey: tag.TagKey, TagValue: tag.TagValue })))
}
