/**
 * The official AWS SDK v3, two `KMSClient`s configured for two Regions against one endpoint
 * (`serve({ port: 0 })`): the endpoint routes each request by the Region of its SigV4 credential
 * scope (decision region-routing). The whole multi-Region import flow, including the call
 * sequence of Terraform's `aws_kms_replica_external_key` (ReplicateKey from the primary's Region,
 * wait for PendingImport, GetParametersForImport and ImportKeyMaterial into the replica with the
 * primary's material, wait for Enabled).
 */
import './silence-sdk-node-warning.js'
import {
  AlreadyExistsException, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GetParametersForImportCommand, ImportKeyMaterialCommand,
  IncorrectKeyMaterialException, KMSClient, KMSInvalidStateException, NotFoundException, ReplicateKeyCommand, ScheduleKeyDeletionCommand, UpdatePrimaryRegionCommand,
} from '@aws-sdk/client-kms'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'
import { storeSize } from 'kms-key-import'
import { expectRefusal } from './harness.js'

const START = Date.parse('2026-01-01T00:00:00Z')
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const MATERIAL = new Uint8Array(32).fill(0x2a)
const OTHER = new Uint8Array(32).fill(0x17)

let server: RunningServer
let clock: ManualClock
let east: KMSClient
let west: KMSClient

beforeEach(async () => {
  clock = manualClock(START)
  server = await serve({ port: 0, quiet: true, clock, crypto: createDeterministicProvider({ seed: 15 }), region: 'us-east-1' })
  east = new KMSClient({ region: 'us-east-1', credentials, maxAttempts: 1, endpoint: server.url })
  west = new KMSClient({ region: 'eu-west-1', credentials, maxAttempts: 1, endpoint: server.url })
})
afterEach(async () => {
  east.destroy()
  west.destroy()
  await server.close()
})

/** The client side of an import, with whichever client is in the key's Region. */
const importInto = async (client: KMSClient, KeyId: string, material: Uint8Array, algorithm: 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' = 'RSAES_OAEP_SHA_256') => {
  const params = await client.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' }))
  return client.send(new ImportKeyMaterialCommand({
    KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapKeyMaterial(params.PublicKey!, algorithm, material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  }))
}

/** Polls DescribeKey as Terraform's waiters do, advancing the emulator's clock a second at a time. */
const waitForState = async (client: KMSClient, KeyId: string, state: string): Promise<number> => {
  for (let polls = 1; polls <= 30; polls++) {
    const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId }))
    if (KeyMetadata?.KeyState === state) return polls
    clock.advance(1000)
  }
  throw new Error(`${KeyId} never became ${state}`)
}

describe('two SDK clients in two Regions against one endpoint', () => {
  it('see two Regions: a key made through one is NotFound through the other', async () => {
    const { KeyMetadata } = await east.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))
    expect(KeyMetadata?.Arn).toMatch(/^arn:aws:kms:us-east-1:/)
    const made = await west.send(new CreateKeyCommand({}))
    expect(made.KeyMetadata?.Arn).toMatch(/^arn:aws:kms:eu-west-1:/)
    await expectRefusal(west.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId! })), {
      type: NotFoundException, message: `Key 'arn:aws:kms:eu-west-1:111122223333:key/${KeyMetadata!.KeyId!}' does not exist`,
    })
  })

  it('run the Terraform aws_kms_replica_external_key sequence and use the key in both Regions', async () => {
    // aws_kms_external_key with multi_region = true, in us-east-1
    const primary = await east.send(new CreateKeyCommand({ Origin: 'EXTERNAL', MultiRegion: true, Description: 'primary' }))
    const KeyId = primary.KeyMetadata!.KeyId!
    expect(KeyId).toMatch(/^mrk-[0-9a-f]{32}$/)
    await importInto(east, KeyId, MATERIAL, 'RSAES_OAEP_SHA_1')
    // aws_kms_replica_external_key: ReplicateKey through the primary's Region
    const replica = await east.send(new ReplicateKeyCommand({
      KeyId: primary.KeyMetadata!.Arn!, ReplicaRegion: 'eu-west-1', Description: 'replica', BypassPolicyLockoutSafetyCheck: false,
      Tags: [{ TagKey: 'Name', TagValue: 'replica' }],
    }))
    expect(replica.ReplicaKeyMetadata).toMatchObject({
      KeyId, Arn: `arn:aws:kms:eu-west-1:111122223333:key/${KeyId}`, KeyState: 'Creating', MultiRegion: true, Description: 'replica',
      MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA', PrimaryKey: { Region: 'us-east-1' } },
    })
    expect(replica.ReplicaTags).toEqual([{ TagKey: 'Name', TagValue: 'replica' }])
    expect(await waitForState(west, KeyId, 'PendingImport')).toBe(6) // five seconds of Creating
    // then GetParametersForImport and ImportKeyMaterial into the replica, with the primary's material
    await importInto(west, KeyId, MATERIAL, 'RSAES_OAEP_SHA_1')
    expect(await waitForState(west, KeyId, 'Enabled')).toBe(1)
    const described = await west.send(new DescribeKeyCommand({ KeyId }))
    expect(described.KeyMetadata).toMatchObject({ Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', Description: 'replica' })
    // interoperable: encrypt in one Region, decrypt in the other
    const sealed = await east.send(new EncryptCommand({ KeyId, Plaintext: new TextEncoder().encode('multi-Region') }))
    const opened = await west.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob }))
    expect(new TextDecoder().decode(opened.Plaintext)).toBe('multi-Region')
    expect(opened.KeyId).toBe(`arn:aws:kms:eu-west-1:111122223333:key/${KeyId}`)
  })

  it('refuse other material into the replica, a second replica in the same Region, and a Creating replica\'s use', async () => {
    const { KeyMetadata } = await east.send(new CreateKeyCommand({ Origin: 'EXTERNAL', MultiRegion: true }))
    const KeyId = KeyMetadata!.KeyId!
    await importInto(east, KeyId, MATERIAL)
    await east.send(new ReplicateKeyCommand({ KeyId, ReplicaRegion: 'eu-west-1' }))
    const arn = `arn:aws:kms:eu-west-1:111122223333:key/${KeyId}`
    await expectRefusal(west.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })), {
      type: KMSInvalidStateException, message: `${arn} is creating.`,
    })
    await expectRefusal(east.send(new ReplicateKeyCommand({ KeyId, ReplicaRegion: 'eu-west-1' })), {
      type: AlreadyExistsException, message: `A multi-Region key with key ID ${KeyId} already exists in Region eu-west-1.`,
    })
    clock.advance(5000)
    await expectRefusal(importInto(west, KeyId, OTHER), {
      type: IncorrectKeyMaterialException, message: 'The key material does not match the key material previously imported into this KMS key.',
    })
  })

  it('UpdatePrimaryRegion through the primary\'s Region, then deletion waits for the replica', async () => {
    const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }))
    const KeyId = KeyMetadata!.KeyId!
    await east.send(new ReplicateKeyCommand({ KeyId, ReplicaRegion: 'eu-west-1' }))
    clock.advance(5000)
    await east.send(new UpdatePrimaryRegionCommand({ KeyId, PrimaryRegion: 'eu-west-1' }))
    clock.advance(5000)
    const west1 = await west.send(new DescribeKeyCommand({ KeyId }))
    expect(west1.KeyMetadata?.MultiRegionConfiguration?.MultiRegionKeyType).toBe('PRIMARY')
    const scheduled = await west.send(new ScheduleKeyDeletionCommand({ KeyId, PendingWindowInDays: 7 }))
    expect(scheduled.KeyState).toBe('PendingReplicaDeletion')
    expect(scheduled.DeletionDate).toBeUndefined()
  })
})

describe('an SDK client in a Region of another partition', () => {
  it('is refused as a China or GovCloud client is (InvalidSignatureException), whichever partition it is: the ISO ones and the European Sovereign Cloud too', async () => {
    // aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc: none is the endpoint's `aws` partition
    for (const region of ['us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1', 'eusc-de-east-1']) {
      const client = new KMSClient({ region, credentials, maxAttempts: 1, endpoint: server.url })
      await expectRefusal(client.send(new CreateKeyCommand({})), { type: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region.', status: 400 })
      client.destroy()
    }
    // nothing was created anywhere
    expect(storeSize(server.emulator.store())).toBe(0)
  })
})
