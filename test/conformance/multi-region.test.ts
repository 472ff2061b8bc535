/**
 * The multi-Region steps of the conformance kit (ReplicateKey, UpdatePrimaryRegion, imports into a
 * replica, Decrypt in the other Region): no divergence against this project's own endpoint, over
 * HTTP and in process, in two Regions of one partition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classicProfile, createEmulator, profile20250605, type Profile } from 'kms-key-import'
import {
  MULTI_REGION_OPERATIONS, httpTarget, inProcessTarget, runConformance, type ConformanceReport, type Session, type StepOperation, type Target, type Timeline,
} from 'kms-key-import/conformance'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
import type { Clock } from 'kms-key-import'

/** The multi-Region group with the lifecycle steps it meets most: keys get material, change state, encrypt and decrypt. */
const OPERATIONS: readonly StepOperation[] = [
  'DescribeKey', 'DisableKey', 'GetParametersForImport', 'ImportKeyMaterial', 'Encrypt', 'Decrypt', 'Wait', ...MULTI_REGION_OPERATIONS,
]
const WEIGHTS = { ReplicateKey: 2, GetParametersForImport: 4, ImportKeyMaterial: 6, Decrypt: 3, Encrypt: 3, Wait: 2 }

/** What the target's sessions did, summed over a run. */
const tally = () => {
  const totals = { replicas: 0, replicaImports: 0, crossRegionDecrypts: 0 }
  const afterSequence = async (session: Session): Promise<void> => {
    totals.replicas += session.replicaCount
    totals.replicaImports += session.replicaImports
    totals.crossRegionDecrypts += session.crossRegionDecrypts
  }
  return { totals, afterSequence }
}

const agreed = (report: ConformanceReport, name: string): number => report.scorecard.operations.find((r) => r.name === name)?.agree ?? 0

const expectMultiRegion = (report: ConformanceReport, totals: { replicas: number; replicaImports: number; crossRegionDecrypts: number }): void => {
  expect(report.divergences.map((d) => [d.signature, d.differences, d.script.map((l) => `${l.line} ${l.expected}->${l.actual}`)])).toEqual([])
  expect(report.replicaRegion).toBe('us-west-2')
  expect(agreed(report, 'ReplicateKey')).toBeGreaterThan(0)
  expect(agreed(report, 'UpdatePrimaryRegion')).toBeGreaterThan(0)
  expect(totals.replicas, 'ReplicateKey created replicas').toBeGreaterThan(0)
  expect(totals.replicaImports, 'material was imported into a replica').toBeGreaterThan(0)
  expect(totals.crossRegionDecrypts, 'a ciphertext of one Region was decrypted in the other').toBeGreaterThan(0)
  expect(report.scorecard.areas.find((a) => a.name === 'multi-Region')?.agree).toBeGreaterThan(0)
}

describe('the conformance kit with the multi-Region steps', () => {
  for (const profile of [classicProfile, profile20250605] as Profile[]) {
    it(`finds no divergence in process, replicating, importing into replicas and decrypting across Regions (profile ${profile.name})`, async () => {
      const { totals, afterSequence } = tally()
      const report = await runConformance({
        profile, runs: 150, steps: 40, seed: 5, operations: OPERATIONS, weights: WEIGHTS, afterSequence,
        target: (timeline) => inProcessTarget(createEmulator({ profile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 2 }) })),
      })
      expectMultiRegion(report, totals)
    })
  }

  describe('over HTTP, the endpoint on the run\'s manual clock', () => {
    let server: RunningServer
    let current: Clock = manualClock(0)
    beforeAll(async () => {
      server = await serve({ port: 0, quiet: true, profile: profile20250605, clock: { now: () => current.now() }, crypto: createDeterministicProvider({ seed: 3 }) })
    })
    afterAll(async () => {
      await server.close()
    })
    it('finds no divergence, each step signed for the Region of its key (profile 2025-06-05)', async () => {
      const { totals, afterSequence } = tally()
      const target: Target = httpTarget({ endpoint: server.url })
      const report = await runConformance({
        profile: profile20250605, runs: 150, steps: 40, seed: 5, operations: OPERATIONS, weights: WEIGHTS, afterSequence,
        target: (timeline: Timeline) => {
          current = timeline.clock
          return target
        },
      })
      expectMultiRegion(report, totals)
    })
  })
})
