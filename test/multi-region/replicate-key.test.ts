/**
 * ReplicateKey and DescribeKey's multi-Region members (docs/evidence.md §11; decisions
 * replica-creating, replicate-refusals, replica-policy-tags).
 */
import { describe, expect, it } from 'vitest'
import { createKey, describeKey, expectOk, importMaterial, newKms, objectAt, type Kms } from '../support/kms.js'
import { AP, CREATING_MS, EU, US, arnIn, createImportedPrimary, createPrimary, expectRefusal, inRegion, replicate, replicated } from './support.js'

const PROFILES = ['classic', '2023-10-10', '2025-06-05'] as const

describe.each(PROFILES)('ReplicateKey (%s)', (profile) => {
  const world = (): { us: Kms; eu: Kms } => {
    const kms = newKms({ profile })
    return { us: inRegion(kms, US), eu: inRegion(kms, EU) }
  }

  it('creates the replica in the other Region with the shared key id, its own ARN, Creating, and no material', async () => {
    const { us, eu } = world()
    const { keyId } = await createPrimary(us)
    await importMaterial(us, keyId)
    const meta = await replicate(us, keyId, EU, { Description: 'replica' })
    expect(meta).toMatchObject({
      KeyId: keyId, Arn: arnIn(EU, keyId), KeyState: 'Creating', Enabled: false, Origin: 'EXTERNAL', MultiRegion: true, Description: 'replica',
      KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT',
      MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: arnIn(US, keyId), Region: US }, ReplicaKeys: [{ Arn: arnIn(EU, keyId), Region: EU }] },
    })
    expect(meta).not.toHaveProperty('ExpirationModel') // the primary's material was not copied
    expect((await describeKey(eu, keyId)).KeyState).toBe('Creating')
  })

  it('ends Creating after five seconds on the injected clock: PendingImport for imported material, Enabled for KMS material', async () => {
    const { us, eu } = world()
    const external = await createPrimary(us)
    await importMaterial(us, external.keyId)
    const generated = await createPrimary(us, {})
    await replicate(us, external.keyId, EU)
    await replicate(us, generated.keyId, EU)
    us.clock.advance(CREATING_MS - 1)
    expect((await describeKey(eu, external.keyId)).KeyState).toBe('Creating')
    us.clock.advance(1)
    expect((await describeKey(eu, external.keyId)).KeyState).toBe('PendingImport')
    expect((await describeKey(eu, generated.keyId)).KeyState).toBe('Enabled')
    expect((await describeKey(us, external.keyId)).KeyState).toBe('Enabled') // the primary is untouched
  })

  it('refuses cryptographic and import operations on a Creating replica with KMSInvalidStateException "<arn> is creating."', async () => {
    const { us, eu } = world()
    const { keyId } = await createPrimary(us, {})
    await replicate(us, keyId, EU)
    const arn = arnIn(EU, keyId)
    expectRefusal(await eu.call('Encrypt', { KeyId: keyId, Plaintext: 'aGk=' }), 'KMSInvalidStateException', `${arn} is creating.`)
    expectRefusal(await eu.call('DisableKey', { KeyId: keyId }), 'KMSInvalidStateException', `${arn} is creating.`)
    const external = await createImportedPrimary(us)
    await replicate(us, external.keyId, EU)
    expectRefusal(await eu.call('GetParametersForImport', { KeyId: external.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      'KMSInvalidStateException', `${arnIn(EU, external.keyId)} is creating.`)
  })

  it('answers the replica policy (the default key policy unless given) and the tags given', async () => {
    const { us } = world()
    const { keyId } = await createImportedPrimary(us)
    const body = expectOk(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU, Tags: [{ TagKey: 'team', TagValue: 'kms' }] }))
    expect(JSON.parse(String(body.ReplicaPolicy))).toEqual({
      Version: '2012-10-17', Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    })
    expect(body.ReplicaTags).toEqual([{ TagKey: 'team', TagValue: 'kms' }])
    const policy = '{"Version":"2012-10-17","Statement":[]}'
    expect(expectOk(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: AP, Policy: policy })).ReplicaPolicy).toBe(policy)
  })

  it('carries neither the primary\'s description nor its tags: a replica given none has an empty description and no tags (DOC API_ReplicateKey)', async () => {
    const { us, eu } = world()
    const { keyId } = await createPrimary(us, { Origin: 'EXTERNAL', Description: 'the primary', Tags: [{ TagKey: 'team', TagValue: 'kms' }] })
    await importMaterial(us, keyId)
    const body = expectOk(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU }))
    expect(body.ReplicaTags).toEqual([])
    expect(objectAt(body, 'ReplicaKeyMetadata').Description).toBe('')
    us.clock.advance(CREATING_MS)
    expect(await describeKey(eu, keyId)).toMatchObject({ Description: '', Origin: 'EXTERNAL', KeyState: 'PendingImport' })
    expect(expectOk(await eu.call('ListResourceTags', { KeyId: keyId })).Tags).toEqual([])
    expect((await describeKey(us, keyId)).Description).toBe('the primary')
  })

  it('lists every replica in DescribeKey of the primary and of each replica, the primary first', async () => {
    const { us, eu } = world()
    const { keyId } = await createImportedPrimary(us)
    await replicated(us, keyId, EU)
    await replicated(us, keyId, AP)
    const replicas = [{ Arn: arnIn(EU, keyId), Region: EU }, { Arn: arnIn(AP, keyId), Region: AP }]
    expect((await describeKey(us, keyId)).MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: arnIn(US, keyId), Region: US }, ReplicaKeys: replicas })
    expect((await describeKey(eu, keyId)).MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'REPLICA', PrimaryKey: { Arn: arnIn(US, keyId), Region: US }, ReplicaKeys: replicas })
  })

  it('refuses a Region that already holds a related key, the primary\'s own included, with AlreadyExistsException', async () => {
    const { us } = world()
    const { keyId } = await createImportedPrimary(us)
    await replicate(us, keyId, EU)
    expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU }), 'AlreadyExistsException', `A multi-Region key with key ID ${keyId} already exists in Region ${EU}.`)
    expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: US }), 'AlreadyExistsException', `A multi-Region key with key ID ${keyId} already exists in Region ${US}.`)
  })

  it('refuses a single-Region key and a replica with UnsupportedOperationException', async () => {
    const { us, eu } = world()
    const single = await createKey(us, { Origin: 'EXTERNAL' })
    expectRefusal(await us.call('ReplicateKey', { KeyId: single.keyId, ReplicaRegion: EU }), 'UnsupportedOperationException', `${single.arn} is not a multi-Region key.`)
    const { keyId } = await createImportedPrimary(us)
    await replicated(us, keyId, EU)
    expectRefusal(await eu.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: AP }), 'UnsupportedOperationException', `${arnIn(EU, keyId)} is not a multi-Region primary key.`)
  })

  it('refuses a Region of another partition with ValidationException, and a value that is not a Region with the model\'s pattern', async () => {
    const { us } = world()
    const { keyId } = await createImportedPrimary(us)
    expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: 'cn-north-1' }), 'ValidationException', 'The Region cn-north-1 is not in the partition aws of the primary key.')
    expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: 'Europe' }), 'ValidationException',
      "1 validation error detected: Value 'Europe' at 'replicaRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$")
  })

  // DOC key-state.html, ReplicateKey row (unchanged from 2021-06-17 to 2023-06-15 in the guide's public source):
  // Disabled [1] "DisabledException: <key ARN> is disabled.", Pending deletion [2] or [3], Pending import [5]
  // "KMSInvalidStateException: <key ARN> is pending import."; multi-region-keys-import.html replicates "a
  // multi-Region primary key with imported key material". DisabledException is in ReplicateKey's error list.
  it('refuses a Disabled primary with DisabledException "<arn> is disabled.", and creates no replica', async () => {
    const { us, eu } = world()
    const generated = await createPrimary(us, {})
    const external = await createPrimary(us)
    await importMaterial(us, external.keyId)
    for (const { keyId, arn } of [generated, external]) {
      expectOk(await us.call('DisableKey', { KeyId: keyId }))
      expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU }), 'DisabledException', `${arn} is disabled.`)
      expectRefusal(await eu.call('DescribeKey', { KeyId: keyId }), 'NotFoundException', `Key '${arnIn(EU, keyId)}' does not exist`)
      expect((await describeKey(us, keyId)).MultiRegionConfiguration).toMatchObject({ ReplicaKeys: [] })
    }
  })

  it('refuses a primary without its material (PendingImport: never imported, or deleted) with KMSInvalidStateException "<arn> is pending import."', async () => {
    const { us, eu } = world()
    const { keyId, arn } = await createPrimary(us)
    expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU }), 'KMSInvalidStateException', `${arn} is pending import.`)
    await importMaterial(us, keyId)
    expectOk(await us.call('DeleteImportedKeyMaterial', { KeyId: keyId }))
    expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU }), 'KMSInvalidStateException', `${arn} is pending import.`)
    expectRefusal(await eu.call('DescribeKey', { KeyId: keyId }), 'NotFoundException', `Key '${arnIn(EU, keyId)}' does not exist`)
  })

  it('refuses a primary that is PendingDeletion with KMSInvalidStateException "<arn> is pending deletion."', async () => {
    const { us } = world()
    for (const request of [{}, { Origin: 'EXTERNAL' }]) {
      const { keyId, arn } = await createPrimary(us, request)
      expectOk(await us.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
      expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU }), 'KMSInvalidStateException', `${arn} is pending deletion.`)
    }
  })

  it('addresses keys by Region: the replica is NotFound in a third Region, and a key ARN of another Region is refused', async () => {
    const { us } = world()
    const { keyId } = await createImportedPrimary(us)
    await replicated(us, keyId, EU)
    const ap = inRegion(us, AP)
    expectRefusal(await ap.call('DescribeKey', { KeyId: keyId }), 'NotFoundException', `Key '${arnIn(AP, keyId)}' does not exist`)
    expectRefusal(await us.call('DescribeKey', { KeyId: arnIn(EU, keyId) }), 'NotFoundException', `Invalid arn ${EU}`)
    expect(objectAt(expectOk(await inRegion(us, EU).call('DescribeKey', { KeyId: arnIn(EU, keyId) })), 'KeyMetadata').Arn).toBe(arnIn(EU, keyId))
  })
})
