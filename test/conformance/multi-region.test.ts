/**
 * The multi-Region steps of the conformance kit (ReplicateKey, UpdatePrimaryRegion, imports into a
 * replica, Decrypt in the other Region): no divergence against this project's own endpoint, over
 * HTTP and in process, in two Regions of one partition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classicProfile, createEmulator, profile20250605, type Profile } from 'kms-key-import'
import {
  MULTI_REGION_OPERATIONS, defaultReplicaRegion, httpTarget, inProcessTarget, replaySteps, runConformance,
  type ConformanceReport, type Session, type StepOperation, type Target, type Timeline,
} from 'kms-key-import/conformance'
import { parseConformArgs } from '../../src/cli/conform.js'
import { answer, cliScriptOf } from './script.js'
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
    }, 90_000) // 150 sequences over HTTP: ≈15 s here, twice that on a loaded machine
  })
})


describe('a multi-Region script', () => {
  it('replicates, waits out Creating, imports the same material into the replica, refuses other material, decrypts across Regions and moves the primary', async () => {
    const profile = classicProfile
    const records = await replaySteps({ profile, target: (timeline) => inProcessTarget(createEmulator({ profile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 2 }) })) }, [
      { op: 'CreateKey', origin: 'EXTERNAL', multiRegion: true },
      { op: 'GetParametersForImport', key: 0, algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' },
      { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'A', validFor: undefined, importType: undefined },
      { op: 'ReplicateKey', key: 0 },
      { op: 'GetParametersForImport', key: 1, algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' },
      { op: 'Wait', ms: 5000 },
      { op: 'GetParametersForImport', key: 1, algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' },
      { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'B', validFor: undefined, importType: undefined },
      { op: 'ImportKeyMaterial', token: 0, key: undefined, material: 'A', validFor: undefined, importType: undefined },
      { op: 'Encrypt', key: 0 },
      { op: 'Decrypt', ciphertext: 0, otherRegion: true },
      { op: 'UpdatePrimaryRegion', key: 0 },
    ])
    expect(records.flatMap((r) => r.differences)).toEqual([])
    expect(records.map(answer)).toEqual(['ok', 'ok', 'ok', 'ok', 'KMSInvalidStateException', '-', 'ok', 'IncorrectKeyMaterialException', 'ok', 'ok', 'ok', 'ok'])
    // the replica is a key of its own: the shared mrk- id is key#0's, its ARN its own, in us-west-2
    expect(records[3]?.actual.outcome?.members.ReplicaKeyMetadata).toMatchObject({
      KeyId: 'key#0', Arn: 'arn:key#1', KeyState: 'Creating',
      MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: 'arn:key#0', Region: 'us-east-1' }, ReplicaKeys: [{ Arn: 'arn:key#1', Region: 'us-west-2' }] },
    })
    expect(records[6]?.actual.region).toBe('us-west-2')
    expect(records[10]?.actual.region).toBe('us-west-2')
    expect(records[10]?.actual.outcome?.members).toMatchObject({ KeyId: 'arn:key#1', Plaintext: Buffer.from('pt-0').toString('base64') })
    expect(records[11]?.actual.keys.map((k) => [k.KeyState, (k.MultiRegionConfiguration as { MultiRegionKeyType?: string } | undefined)?.MultiRegionKeyType])).toEqual([['Updating', 'REPLICA'], ['Updating', 'PRIMARY']])

    const text = cliScriptOf(records, { region: 'us-east-1', profile: profile.name, timing: 'manual', endpoint: 'http://localhost:4566' })
    expect(text).toContain('KMS_US_WEST_2="aws kms --region us-west-2 --endpoint-url http://localhost:4566"')
    expect(text).toContain('KEY0=$($KMS create-key --origin EXTERNAL --multi-region --query KeyMetadata.KeyId --output text)')
    expect(text).toContain('$KMS replicate-key --key-id "$KEY0" --replica-region us-west-2')
    expect(text).toContain('KEY1="$KEY0"')
    expect(text).toContain('$KMS_US_WEST_2 get-parameters-for-import --key-id "$KEY1"')
    expect(text).toContain('$KMS_US_WEST_2 decrypt --ciphertext-blob')
    expect(text).toContain('$KMS update-primary-region --key-id "$KEY0" --primary-region us-west-2')
  })
})

describe('the second Region of a run', () => {
  it('is another Region of the same partition', () => {
    expect(defaultReplicaRegion('us-east-1')).toBe('us-west-2')
    expect(defaultReplicaRegion('us-west-2')).toBe('us-east-1')
    expect(defaultReplicaRegion('us-gov-west-1')).toBe('us-gov-east-1')
    expect(parseConformArgs(['--endpoint', 'http://localhost:1', '--region', 'eu-west-1'], {}).replicaRegion).toBe('us-west-2')
    expect(parseConformArgs(['--endpoint', 'http://localhost:1', '--replica-region', 'eu-central-1'], {}).replicaRegion).toBe('eu-central-1')
    expect(() => parseConformArgs(['--endpoint', 'http://localhost:1', '--replica-region', 'cn-north-1'], {})).toThrow('--replica-region must be another Region of the partition of us-east-1: cn-north-1')
    expect(() => parseConformArgs(['--endpoint', 'http://localhost:1', '--replica-region', 'us-east-1'], {})).toThrow('--replica-region must be another Region')
  })
})
