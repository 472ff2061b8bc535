/**
 * The SDK suite: every case, over one transport. `in-process.test.ts` and `loopback.test.ts` run
 * it; new case groups are appended to `caseGroups`.
 */
import { describe } from 'vitest'
import { getParametersForImportErrorCases } from './cases/get-parameters-errors.js'
import { importFlowCases } from './cases/import-flow.js'
import { keyLifecycleCases } from './cases/key-lifecycle.js'
import { type Kms, type Transport, useKms } from './harness.js'

/** The case groups, in order. Each registers its `describe`s and reads the current case's client. */
const caseGroups: ReadonlyArray<(kms: () => Kms) => void> = [
  keyLifecycleCases,
  getParametersForImportErrorCases,
  importFlowCases,
]

/**
 * Registers the whole suite for one transport.
 * @param transport - how the official KMSClient reaches a fresh emulator
 */
export const sdkSuite = (transport: Transport): void => {
  describe(`@aws-sdk/client-kms over ${transport.name}`, () => {
    const kms = useKms(transport)
    for (const group of caseGroups) group(kms)
  })
}
