/**
 * Request codecs depend on the profile (its enum value sets); build each once per profile.
 * @module
 */
import * as t from 'io-ts'
import type { Profile } from '../profiles/profile.js'

/**
 * Memoizes a codec builder per profile object.
 * @param build - builds the codec from a profile
 * @returns the memoized builder
 * @since 0.1.0
 */
export const perProfile = <A>(build: (profile: Profile) => A): ((profile: Profile) => A) => {
  const cache = new WeakMap<Profile, A>()
  return (profile) => {
    let c = cache.get(profile)
    if (c === undefined) {
      c = build(profile)
      cache.set(profile, c)
    }
    return c
  }
}

/**
 * A request codec per profile that decodes exactly the members it declares: a member the profile's
 * era does not have (`ImportType` under `classic`, say) is an unknown member, which the service
 * ignores, and is dropped from the decoded request, so no operation can read it unvalidated.
 * @param build - builds the codec (a `t.type`, `t.partial` or an intersection of them)
 * @returns the memoized builder of the exact codec
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { classicProfile, DescribeKeyRequest } from 'kms-key-import'
 * const decoded = DescribeKeyRequest(classicProfile).decode({ KeyId: 'alias/x', Unknown: 1 })
 * assert.ok(decoded._tag === 'Right')
 * assert.deepEqual(decoded.right, { KeyId: 'alias/x' })
 * ```
 * @since 0.1.0
 */
export const requestCodec = <C extends t.HasProps>(build: (profile: Profile) => C): ((profile: Profile) => t.ExactC<C>) =>
  perProfile((profile) => t.exact(build(profile)))
