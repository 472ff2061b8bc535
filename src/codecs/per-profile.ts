/**
 * Request codecs depend on the profile (its enum value sets); build each once per profile.
 * @module
 */
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
