/**
 * Members shared by the listing operations (ListKeys, ListAliases, ListResourceTags,
 * ListKeyPolicies), the tag list, and the grant-token list, with the constraints of AWS's model.
 *
 * @module
 */
import * as t from 'io-ts'
import { integerMember, optional, required, stringMember, wrongTypeMessage } from './members.js'

/** The page size of a listing (`Limit`: 1 to 1000). @since 0.2.0 */
export const limitMember = optional(integerMember('Limit', 1, 1000))

/** Where a listing resumes (`Marker`: a previous response's `NextMarker`). @since 0.2.0 */
export const markerMember = optional(stringMember('Marker', { min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/, patternText: '[\\u0020-\\u00FF]*' }))

/**
 * A list member: an array of `item`, at most `max` long.
 * @param name - codec name
 * @param item - the element codec
 * @param max - the most elements (AWS's model), or undefined for none
 * @returns the codec
 * @since 0.2.0
 */
export const listMember = <A, O>(name: string, item: t.Type<A, O, unknown>, max?: number): t.Type<A[], O[], unknown> => {
  // a fresh (mutable) array per decode, so that decoded requests are assignable to the AWS SDK's inputs
  const array = t.array(item, name)
  return new t.Type<A[], O[], unknown>(
    name,
    array.is,
    (u, c) => {
      if (!Array.isArray(u)) return t.failure(u, c, `S:\u0000${wrongTypeMessage(u, 'List')}`)
      if (max !== undefined && u.length > max) return t.failure(u, c, `V:\u0000Member must have length less than or equal to ${max}`)
      return array.validate(u, c)
    },
    array.encode,
  )
}

/** One tag (`Tag`): `TagKey` 1 to 128 characters, `TagValue` 0 to 256. @since 0.2.0 */
export const tagMember = t.exact(t.type({
  /** The tag key. */
  TagKey: required(stringMember('TagKey', { min: 1, max: 128 })),
  /** The tag value. */
  TagValue: required(stringMember('TagValue', { min: 0, max: 256 })),
}), 'Tag')

/** A list of tags (CreateKey's and TagResource's `Tags`). @since 0.2.0 */
export const tagsMember = listMember('Tags', tagMember)

/** A list of tag keys (UntagResource's `TagKeys`). @since 0.2.0 */
export const tagKeysMember = listMember('TagKeys', required(stringMember('TagKeys', { min: 1, max: 128 })))

/** `GrantTokens`: up to 10 tokens of 1 to 8192 characters, accepted and not used (grants are out of scope). @since 0.2.0 */
export const grantTokensMember = optional(listMember('GrantTokens', required(stringMember('GrantTokens', { min: 1, max: 8192 })), 10))

/** A key policy document (`Policy`): 1 to 131072 characters of tab, newline and printable Latin-1. @since 0.2.0 */
export const policyMember = stringMember('Policy', { min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' })

/** A key policy name (`PolicyName`): word characters, 1 to 128 (only `default` exists). @since 0.2.0 */
export const policyNameMember = optional(stringMember('PolicyName', { min: 1, max: 128, pattern: /^[\w]+$/, patternText: '[\\w]+' }))

/** An alias name (`AliasName`): 1 to 256 characters of letters, digits, `:/_-`. @since 0.2.0 */
export const aliasNameMember = required(stringMember('AliasName', { min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/, patternText: '^[a-zA-Z0-9:/_-]+$' }))
