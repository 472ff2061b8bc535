/**
 * The profiles the library ships, by name.
 * @module
 */
import { classicProfile } from './classic.js'
import { profile20231010 } from './v2023-10-10.js'
import { profile20250605 } from './v2025-06-05.js'
import type { Profile, ProfileName } from './profile.js'

/**
 * Every shipped profile, oldest first.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { profiles } from 'kms-key-import'
 * assert.deepEqual(profiles.map((p) => p.name), ['classic', '2023-10-10', '2025-06-05'])
 * ```
 * @since 0.1.0
 */
export const profiles: readonly Profile[] = [classicProfile, profile20231010, profile20250605]

/** Names accepted by {@link resolveProfile}: a profile name or `latest`. @since 0.1.0 */
export type ProfileSelector = ProfileName | 'latest'

/**
 * The default profile: the seed's (`classic`).
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, defaultProfile } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * assert.equal(defaultProfile.name, 'classic')
 * assert.equal(createEmulator({ crypto: createDeterministicProvider() }).profile, defaultProfile)
 * ```
 * @since 0.1.0
 */
export const defaultProfile: Profile = classicProfile

/**
 * A profile by name (`latest` is the newest shipped).
 * @param name - profile name or `latest`
 * @returns the profile, or undefined for an unknown name
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { profile20250605, resolveProfile } from 'kms-key-import'
 * assert.equal(resolveProfile('latest'), profile20250605)
 * assert.equal(resolveProfile('classic')?.limits.maxValidToMs, 365 * 86_400_000)
 * assert.equal(resolveProfile('2019-01-01'), undefined)
 * ```
 * @since 0.1.0
 */
export const resolveProfile = (name: string): Profile | undefined =>
  name === 'latest' ? profiles[profiles.length - 1] : profiles.find((p) => p.name === name)
