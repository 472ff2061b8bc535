/**
 * ScheduleKeyDeletion of a primary with replicas (PendingReplicaDeletion), UpdatePrimaryRegion
 * (Updating), and the key-state table's multi-Region columns (docs/evidence.md §11; decisions
 * primary-updating, multi-region-state-table, update-primary-refusals).
 */
import { describe, expect, it } from 'vitest'
import { DAY_MS, createKey, decrypt, describeKey, encrypt, expectOk, expiresAt, importMaterial, materialOf, newKms, type Kms } from '../support/kms.js'
import { disabled, pendingDeletion, pendingImport } from '../support/messages.js'
import { AP, EU, UPDATING_MS, US, arnIn, createImportedPrimary, createPrimary, expectRefusal, inRegion, replicated } from './support.js'

const PROFILES = ['classic', '2023-10-10', '2025-06-05'] as const

describe.each(PROFILES)('deleting related multi-Region keys (%s)', (profile) => {
  const world = (): { us: Kms; eu: Kms; ap: Kms } => {
    const kms = newKms({ profile })
    return { us: inRegion(kms, US), eu: inRegion(kms, EU), ap: inRegion(kms, AP) }
  }

  it('a primary with replicas goes PendingReplicaDeletion, without a DeletionDate, and cannot be used', async () => {
    const { us } = world()
    const { keyId, arn } = await createPrimary(us, {})
    await replicated(us, keyId, EU)
    const body = expectOk(await us.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
    expect(body).toEqual({ KeyId: arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 7 })
    const meta = await describeKey(us, keyId)
    expect(meta.KeyState).toBe('PendingReplicaDeletion')
    expect(meta).not.toHaveProperty('DeletionDate')
    // DOC API_KeyMetadata: the waiting period is shown in PendingDeletionWindowInDays while PendingReplicaDeletion
    expect(meta.PendingDeletionWindowInDays).toBe(7)
    expectRefusal(await us.call('Encrypt', { KeyId: keyId, Plaintext: 'aGk=' }), 'KMSInvalidStateException', `${arn} is pending replica deletion.`)
    expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: AP }), 'KMSInvalidStateException', `${arn} is pending replica deletion.`)
  })

  it('stays PendingReplicaDeletion while a replica remains, then PendingDeletion with its waiting period from the last replica\'s deletion, then gone', async () => {
    const { us, eu, ap } = world()
    const { keyId, arn } = await createPrimary(us, {})
    await replicated(us, keyId, EU)
    await replicated(us, keyId, AP)
    expectOk(await us.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 30 }))
    expectOk(await eu.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
    us.clock.advance(DAY_MS)
    expectOk(await ap.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 10 }))
    const apGone = us.clock.now() + 10 * DAY_MS
    us.clock.advance(7 * DAY_MS) // the eu-west-1 replica is gone; ap-southeast-2 remains
    expect((await describeKey(us, keyId)).KeyState).toBe('PendingReplicaDeletion')
    expect((await describeKey(us, keyId)).MultiRegionConfiguration).toMatchObject({ ReplicaKeys: [{ Region: AP }] })
    us.clock.advance(apGone - us.clock.now())
    const meta = await describeKey(us, keyId)
    // DOC multi-region-keys-delete.html: "While the key state is PendingDeletion, the DeletionDate field appears
    // instead of the PendingWindowInDays field" (AWS's example: ReplicaKeys [], DeletionDate, no waiting period)
    expect(meta).toMatchObject({ KeyState: 'PendingDeletion', MultiRegionConfiguration: { ReplicaKeys: [] } })
    expect(meta).not.toHaveProperty('PendingDeletionWindowInDays')
    expect(meta.DeletionDate).toBe((apGone + 30 * DAY_MS) / 1000)
    us.clock.advance(30 * DAY_MS)
    expectRefusal(await us.call('DescribeKey', { KeyId: keyId }), 'NotFoundException', `Key '${arn}' does not exist`)
  })

  it('CancelKeyDeletion of a PendingReplicaDeletion primary makes it Disabled (PendingImport without material)', async () => {
    const { us } = world()
    const generated = await createPrimary(us, {})
    const imported = await createImportedPrimary(us)
    for (const k of [generated, imported]) {
      await replicated(us, k.keyId, EU)
      if (k === imported) expectOk(await us.call('DeleteImportedKeyMaterial', { KeyId: k.keyId })) // replicated with its material, then without
      expectOk(await us.call('ScheduleKeyDeletion', { KeyId: k.keyId }))
      expectOk(await us.call('CancelKeyDeletion', { KeyId: k.keyId }))
    }
    expect((await describeKey(us, generated.keyId)).KeyState).toBe('Disabled')
    expect((await describeKey(us, imported.keyId)).KeyState).toBe('PendingImport')
  })

  it('a PendingReplicaDeletion primary stays so when its material is deleted or expires (found by the model-based test)', async () => {
    const { us } = world()
    const deleted = await createPrimary(us)
    await importMaterial(us, deleted.keyId, materialOf('d'))
    const expiring = await createPrimary(us)
    await importMaterial(us, expiring.keyId, materialOf('e'), expiresAt(us.clock.now() + DAY_MS))
    for (const k of [deleted, expiring]) {
      await replicated(us, k.keyId, EU)
      expectOk(await us.call('ScheduleKeyDeletion', { KeyId: k.keyId }))
    }
    expectOk(await us.call('DeleteImportedKeyMaterial', { KeyId: deleted.keyId }))
    us.clock.advance(DAY_MS)
    expect((await describeKey(us, deleted.keyId)).KeyState).toBe('PendingReplicaDeletion')
    expect((await describeKey(us, expiring.keyId)).KeyState).toBe('PendingReplicaDeletion')
  })

  it('a primary without replicas is scheduled as any key: PendingDeletion with its date', async () => {
    const { us } = world()
    const { keyId } = await createPrimary(us, {})
    const body = expectOk(await us.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
    expect(body).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: (us.clock.now() + 7 * DAY_MS) / 1000 })
  })

  it('a replica being Created may be scheduled for deletion', async () => {
    const { us, eu } = world()
    const { keyId } = await createImportedPrimary(us)
    expectOk(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: EU }))
    expectOk(await eu.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
    us.clock.advance(10_000)
    expect((await describeKey(eu, keyId)).KeyState).toBe('PendingDeletion') // Creating does not end over it
  })
})

describe.each(PROFILES)('UpdatePrimaryRegion (%s)', (profile) => {
  const world = async (): Promise<{ us: Kms; eu: Kms; keyId: string }> => {
    const kms = newKms({ profile })
    const us = inRegion(kms, US)
    const eu = inRegion(kms, EU)
    const { keyId } = await createPrimary(us)
    await importMaterial(us, keyId, materialOf('mr'))
    await replicated(us, keyId, EU)
    await importMaterial(eu, keyId, materialOf('mr')) // both Enabled, as UpdatePrimaryRegion needs (DOC)
    return { us, eu, keyId }
  }

  it('swaps primary and replica; both are Updating for five seconds, then back in the state each had', async () => {
    const { us, eu, keyId } = await world()
    expect(expectOk(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: EU }))).toEqual({})
    expect((await describeKey(us, keyId)).KeyState).toBe('Updating')
    expect(await describeKey(eu, keyId)).toMatchObject({
      KeyState: 'Updating',
      MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: arnIn(EU, keyId), Region: EU }, ReplicaKeys: [{ Arn: arnIn(US, keyId), Region: US }] },
    })
    us.clock.advance(UPDATING_MS)
    expect((await describeKey(us, keyId)).KeyState).toBe('Enabled')
    expect((await describeKey(eu, keyId)).KeyState).toBe('Enabled')
    expect((await describeKey(us, keyId)).MultiRegionConfiguration).toMatchObject({ MultiRegionKeyType: 'REPLICA' })
  })

  it('while Updating, keys serve cryptographic operations but refuse EnableKey, DisableKey and ReplicateKey', async () => {
    const { us, eu, keyId } = await world()
    expectOk(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: EU }))
    expect(await decrypt(us, await encrypt(us, keyId, 'during'))).toBe('during')
    const arn = arnIn(US, keyId)
    expectRefusal(await us.call('DisableKey', { KeyId: keyId }), 'KMSInvalidStateException', `${arn} is updating.`)
    expectRefusal(await us.call('EnableKey', { KeyId: keyId }), 'KMSInvalidStateException', `${arn} is updating.`)
    expectRefusal(await eu.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: AP }), 'KMSInvalidStateException', `${arnIn(EU, keyId)} is updating.`)
  })

  it('the new primary replicates and the old primary no longer does', async () => {
    const { us, eu, keyId } = await world()
    expectOk(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: EU }))
    us.clock.advance(UPDATING_MS)
    expectRefusal(await us.call('ReplicateKey', { KeyId: keyId, ReplicaRegion: AP }), 'UnsupportedOperationException', `${arnIn(US, keyId)} is not a multi-Region primary key.`)
    await replicated(eu, keyId, AP)
    expect((await describeKey(eu, keyId)).MultiRegionConfiguration).toMatchObject({ ReplicaKeys: [{ Region: US }, { Region: AP }] })
  })

  it('refuses a Region without a replica, the primary\'s own included, with NotFoundException', async () => {
    const { us, keyId } = await world()
    const arn = arnIn(US, keyId)
    expectRefusal(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: AP }), 'NotFoundException', `There is no replica of ${arn} in Region ${AP}.`)
    expectRefusal(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: US }), 'NotFoundException', `There is no replica of ${arn} in Region ${US}.`)
  })

  it('refuses a primary or a replica that is not Enabled: DisabledException when Disabled, KMSInvalidStateException when PendingImport (DOC multi-region-update: both must be Enabled)', async () => {
    const { us, eu, keyId } = await world()
    const primary = arnIn(US, keyId)
    const replica = arnIn(EU, keyId)
    expectOk(await us.call('DisableKey', { KeyId: keyId }))
    expectRefusal(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: EU }), 'DisabledException', disabled(primary))
    expectOk(await us.call('EnableKey', { KeyId: keyId }))
    expectOk(await eu.call('DisableKey', { KeyId: keyId }))
    expectRefusal(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: EU }), 'DisabledException', disabled(replica))
    expectOk(await eu.call('EnableKey', { KeyId: keyId }))
    expectOk(await eu.call('DeleteImportedKeyMaterial', { KeyId: keyId }))
    expectRefusal(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: EU }), 'KMSInvalidStateException', pendingImport(replica))
    const fresh = await createImportedPrimary(us)
    await replicated(us, fresh.keyId, EU)
    expectOk(await us.call('DeleteImportedKeyMaterial', { KeyId: fresh.keyId })) // the primary back to PendingImport
    expectRefusal(await us.call('UpdatePrimaryRegion', { KeyId: fresh.keyId, PrimaryRegion: EU }), 'KMSInvalidStateException', pendingImport(fresh.arn))
    expect((await describeKey(us, keyId)).KeyState).toBe('Enabled') // nothing changed
    expect((await describeKey(eu, keyId)).MultiRegionConfiguration).toMatchObject({ MultiRegionKeyType: 'REPLICA' })
  })

  it('refuses a replica, a single-Region key and a primary pending deletion', async () => {
    const { us, eu, keyId } = await world()
    expectRefusal(await eu.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: US }), 'UnsupportedOperationException', `${arnIn(EU, keyId)} is not a multi-Region primary key.`)
    const single = await createKey(us, {})
    expectRefusal(await us.call('UpdatePrimaryRegion', { KeyId: single.keyId, PrimaryRegion: EU }), 'UnsupportedOperationException', `${single.arn} is not a multi-Region key.`)
    const lone = await createPrimary(us, {})
    await replicated(us, lone.keyId, EU)
    expectOk(await eu.call('ScheduleKeyDeletion', { KeyId: lone.keyId, PendingWindowInDays: 7 }))
    expectRefusal(await us.call('UpdatePrimaryRegion', { KeyId: lone.keyId, PrimaryRegion: EU }), 'KMSInvalidStateException', pendingDeletion(arnIn(EU, lone.keyId)))
  })
})
