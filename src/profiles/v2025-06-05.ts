/**
 * The `2025-06-05` profile (also `latest`): imported symmetric keys hold several key materials
 * and rotate on demand (docs/evidence.md §8): `ImportType`, `KeyMaterialId`, `KeyMaterialDescription`,
 * `CurrentKeyMaterialId`, `RotateKeyOnDemand`, `ListKeyRotations` for EXTERNAL symmetric keys.
 * Everything else is the 2023-10-10 profile.
 *
 * @module
 */
import type { KeySpecRule, Profile } from './profile.js'
import { profile20231010 } from './v2023-10-10.js'

const mlDsa: KeySpecRule = { usages: ['SIGN_VERIFY'], importable: false }

/**
 * The 2025-06-05 profile.
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { createEmulator, profile20250605 } from 'kms-key-import'
 * import { createDeterministicProvider } from 'kms-key-import/testing'
 * const kms = createEmulator({ profile: 'latest', crypto: createDeterministicProvider() }) // or '2025-06-05'
 * assert.equal(kms.profile, profile20250605)
 * assert.ok(profile20250605.features.multipleKeyMaterials)
 * ```
 * @since 0.1.0
 */
export const profile20250605: Profile = {
  ...profile20231010,
  name: '2025-06-05',
  title: 'Multiple key materials and on-demand rotation for imported symmetric keys',
  since: '2025-06-05',
  enums: {
    ...profile20231010.enums,
    keySpec: [...profile20231010.enums.keySpec, 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87'],
    importType: ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'],
  },
  absentMembers: {},
  keySpecs: { ...profile20231010.keySpecs, ML_DSA_44: mlDsa, ML_DSA_65: mlDsa, ML_DSA_87: mlDsa },
  features: { ...profile20231010.features, multipleKeyMaterials: true, rotationPeriods: true },
}
