/**
 * The SDK suite: every case, over one transport. `in-process.test.ts` and `loopback.test.ts` run
 * it; new case groups are appended to `caseGroups`.
 */
import { describe } from 'vitest'
import { getParametersForImportErrorCases } from './cases/get-parameters-errors.js'
import { importFlowCases } from './cases/import-flow.js'
import { keyLifecycleCases } from './cases/key-lifecycle.js'
import { laterEraCases } from './cases/later-eras.js'
import { listingCases } from './cases/listing.js'
import { CN, REGION, type Kms, type Setting, type Transport, useKms } from './harness.js'

/** The case groups, in order. Each registers its `describe`s and reads the current case's client. */
const caseGroups: ReadonlyArray<(kms: () => Kms, setting: Setting) => void> = [
  keyLifecycleCases,
  getParametersForImportErrorCases,
  importFlowCases,
  listingCases,
]

/** Every profile, in its default partition; the later eras also in the China partition. */
const SETTINGS: readonly Setting[] = [
  { profile: 'classic', region: REGION },
  { profile: '2023-10-10', region: REGION },
  { profile: '2023-10-10', region: CN },
  { profile: '2025-06-05', region: REGION },
  { profile: '2025-06-05', region: CN },
]

/**
 * Registers the whole suite for one transport, under every profile: the shared cases in every
 * setting, and the cases of the later eras (RSA_AES wrapping, SM2/SM2PKE in China, multi-material
 * import and rotation) where the era has them.
 * @param transport - how the official KMSClient reaches a fresh emulator
 */
export const sdkSuite = (transport: Transport): void => {
  describe.each(SETTINGS)(`@aws-sdk/client-kms over ${transport.name}, profile $profile in $region`, (setting) => {
    const kms = useKms(transport, setting)
    for (const group of caseGroups) group(kms, setting)
    laterEraCases(kms, setting)
  })
}
