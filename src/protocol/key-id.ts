/**
 * The `KeyId` request member shared by every operation: a string of 1 to 2048 characters.
 * @module
 */
import { required, stringMember } from './members.js'
import type { Profile } from '../profiles/profile.js'

/**
 * The required `KeyId` member under a profile's length limit.
 * @param profile - the profile
 * @returns the codec
 * @since 0.1.0
 */
export const keyIdMember = (profile: Profile) => required(stringMember('KeyId', { min: 1, max: profile.limits.maxKeyIdLength }))
