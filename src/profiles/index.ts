/**
 * The profiles the library ships, by name.
 * @module
 */
import { classicProfile } from './classic.js'
import { profile20231010 } from './v2023-10-10.js'
import { profile20250605 } from './v2025-06-05.js'
import type { Profile, ProfileName } from './profile.js'

/** Every shipped profile, oldest first. @since 0.1.0 */
export const profiles: readonly Profile[] = [classicProfile, profile20231010, profile20250605]

/** Names accepted by {@link resolveProfile}: a profile name or `latest`. @since 0.1.0 */
export type ProfileSelector = ProfileName | 'latest'

/** The default profile: the seed's (`classic`). @since 0.1.0 */
export const defaultProfile: Profile = classicProfile

/**
 * A profile by name (`latest` is the newest shipped).
 * @param name - profile name or `latest`
 * @returns the profile, or undefined for an unknown name
 * @example
 * resolveProfile('classic')?.limits.maxValidToMs
 * @since 0.1.0
 */
export const resolveProfile = (name: string): Profile | undefined =>
  name === 'latest' ? profiles[profiles.length - 1] : profiles.find((p) => p.name === name)
