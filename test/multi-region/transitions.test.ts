/**
 * The transitions only multi-Region keys have, written by hand from docs/evidence.md §11 and the
 * decisions replica-creating and primary-updating, each driven through the emulator under every
 * profile; the data the multi-Region pages draw must be exactly this list.
 */
import { describe, expect, it } from 'vitest'
import { multiRegionTransitions, type MultiRegionTransition } from '../../src/profiles/transitions.js'
import { DAY_MS, NO_EXPIRY, describeKey, expectOk, expiresAt, importMaterial, materialOf, newKms, type Kms } from '../support/kms.js'
import { CREATING_MS, EU, UPDATING_MS, US, createPrimary, inRegion, replicate, replicated } from './support.js'

const TRANSITIONS: readonly MultiRegionTransition[] = [
  { cause: 'ReplicateKey', from: undefined, to: 'Creating', when: 'the replica' },
  { cause: 'Creating ends', from: 'Creating', to: 'PendingImport', when: 'imported material' },
  { cause: 'Creating ends', from: 'Creating', to: 'Enabled', when: 'KMS material' },
  { cause: 'ScheduleKeyDeletion', from: 'Creating', to: 'PendingDeletion', when: 'a replica being created' },
  { cause: 'UpdatePrimaryRegion', from: 'Enabled', to: 'Updating', when: 'the primary and the replica, both Enabled' },
  { cause: 'Updating ends', from: 'Updating', to: 'Enabled' },
  { cause: 'Updating ends', from: 'Updating', to: 'PendingImport', when: 'its material expired meanwhile' },
  { cause: 'ScheduleKeyDeletion', from: 'Enabled', to: 'PendingReplicaDeletion', when: 'a primary with replicas' },
  { cause: 'ScheduleKeyDeletion', from: 'Disabled', to: 'PendingReplicaDeletion', when: 'a primary with replicas' },
  { cause: 'ScheduleKeyDeletion', from: 'PendingImport', to: 'PendingReplicaDeletion', when: 'a primary with replicas' },
  { cause: 'CancelKeyDeletion', from: 'PendingReplicaDeletion', to: 'Disabled', when: 'the key has its material' },
  { cause: 'CancelKeyDeletion', from: 'PendingReplicaDeletion', to: 'PendingImport', when: 'an EXTERNAL key without material' },
  { cause: 'last replica deleted', from: 'PendingReplicaDeletion', to: 'PendingDeletion' },
]
const PROFILES = ['classic', '2023-10-10', '2025-06-05'] as const

/**
 * A primary in us-east-1 (EXTERNAL unless KMS material is the point) brought into the transition's
 * `from`, with a replica in eu-west-1. An EXTERNAL primary gets its material before it is
 * replicated (ReplicateKey needs an Enabled primary, docs/evidence.md §11) and loses it afterwards
 * where the transition starts without material.
 */
const prepare = async (us: Kms, t: MultiRegionTransition): Promise<{ keyId: string; subject: Kms }> => {
  const eu = inRegion(us, EU)
  if (t.from === undefined || t.from === 'Creating') {
    const { keyId } = await createPrimary(us, t.when === 'KMS material' ? {} : { Origin: 'EXTERNAL' })
    if (t.when !== 'KMS material') await importMaterial(us, keyId, materialOf('t'))
    if (t.from === 'Creating') await replicate(us, keyId, EU)
    return { keyId, subject: eu }
  }
  const withoutMaterial = t.from === 'PendingImport' || t.when === 'an EXTERNAL key without material'
  const updating = t.cause === 'UpdatePrimaryRegion' || t.cause === 'Updating ends'
  // material that expires while the keys are Updating, for the transition that needs it
  const expiry = t.cause === 'Updating ends' && t.to === 'PendingImport' ? expiresAt(us.clock.now() + CREATING_MS + UPDATING_MS / 2) : NO_EXPIRY
  const { keyId } = await createPrimary(us)
  await importMaterial(us, keyId, materialOf('t'), expiry)
  await replicated(us, keyId, EU)
  if (withoutMaterial) expectOk(await us.call('DeleteImportedKeyMaterial', { KeyId: keyId }))
  // UpdatePrimaryRegion needs both keys Enabled (DOC multi-region-update): the replica gets the material too
  if (updating) await importMaterial(eu, keyId, materialOf('t'), expiry)
  if (t.from === 'Disabled') expectOk(await us.call('DisableKey', { KeyId: keyId }))
  if (t.cause === 'Updating ends') expectOk(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: EU }))
  if (t.from === 'PendingReplicaDeletion') expectOk(await us.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
  return { keyId, subject: us }
}

describe('each transition of multi-Region keys happens in the emulator', () => {
  it('the multi-Region pages draw exactly the transitions written here', () => {
    expect(multiRegionTransitions.map((t) => ({ ...t }))).toEqual(TRANSITIONS)
  })

  it.each(PROFILES.flatMap((profile) => TRANSITIONS.map((t) => [`${profile}: ${t.from ?? '(new)'} → ${t.to} by ${t.cause}${t.when !== undefined ? ` (${t.when})` : ''}`, profile, t] as const)))('%s', async (_name, profile, t) => {
    const us = inRegion(newKms({ profile }), US)
    const { keyId, subject } = await prepare(us, t)
    if (t.from !== undefined) expect((await describeKey(subject, keyId)).KeyState).toBe(t.from)
    switch (t.cause) {
      case 'ReplicateKey': expect((await replicate(us, keyId, EU)).KeyState).toBe(t.to); return
      case 'Creating ends': us.clock.advance(CREATING_MS); break
      case 'UpdatePrimaryRegion': expectOk(await us.call('UpdatePrimaryRegion', { KeyId: keyId, PrimaryRegion: EU })); break
      case 'Updating ends': us.clock.advance(UPDATING_MS); break
      case 'ScheduleKeyDeletion': expectOk(await subject.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 })); break
      case 'CancelKeyDeletion': expectOk(await subject.call('CancelKeyDeletion', { KeyId: keyId })); break
      case 'last replica deleted':
        expectOk(await inRegion(us, EU).call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }))
        us.clock.advance(7 * DAY_MS)
        break
    }
    expect((await describeKey(subject, keyId)).KeyState).toBe(t.to)
    if (t.cause === 'UpdatePrimaryRegion') expect((await describeKey(inRegion(us, EU), keyId)).KeyState).toBe('Updating')
  })
})
