/**
 * Automatic rotation of related multi-Region keys (docs/evidence.md §11; decision
 * automatic-rotation-multi-region): its status is a shared property, set on the primary key and
 * synchronized to every replica; a replica refuses EnableKeyRotation and DisableKeyRotation.
 */
import { describe, expect, it } from 'vitest'
import { expectOk, newKms, type Kms } from '../support/kms.js'
import { AP, EU, US, arnIn, createPrimary, expectRefusal, inRegion, replicated } from './support.js'

const status = async (kms: Kms, keyId: string): Promise<unknown> => expectOk(await kms.call('GetKeyRotationStatus', { KeyId: keyId }))

describe.each(['classic', '2023-10-10', '2025-06-05'] as const)('automatic rotation of related multi-Region keys (%s)', (profile) => {
  const world = async (): Promise<{ us: Kms; eu: Kms; ap: Kms; keyId: string }> => {
    const kms = newKms({ profile })
    const us = inRegion(kms, US)
    const { keyId } = await createPrimary(us, {})
    await replicated(us, keyId, EU)
    return { us, eu: inRegion(kms, EU), ap: inRegion(kms, AP), keyId }
  }

  it('is set on the primary and shared by every replica, those made before and after', async () => {
    const { us, eu, ap, keyId } = await world()
    expectOk(await us.call('EnableKeyRotation', { KeyId: keyId, RotationPeriodInDays: 90 }))
    expect(await status(eu, keyId)).toMatchObject({ KeyRotationEnabled: true })
    expect(await status(eu, keyId)).toEqual({ ...(await status(us, keyId) as object), ...(profile === '2025-06-05' ? { KeyId: arnIn(EU, keyId) } : {}) })
    await replicated(us, keyId, AP)
    expect(await status(ap, keyId)).toMatchObject({ KeyRotationEnabled: true })
    expectOk(await us.call('DisableKeyRotation', { KeyId: keyId }))
    expect(await status(eu, keyId)).toMatchObject({ KeyRotationEnabled: false })
    expect(await status(ap, keyId)).toMatchObject({ KeyRotationEnabled: false })
  })

  it('is refused on a replica with UnsupportedOperationException, and the replica\'s status is left as the primary\'s', async () => {
    const { us, eu, keyId } = await world()
    const replica = arnIn(EU, keyId)
    for (const operation of ['EnableKeyRotation', 'DisableKeyRotation']) {
      expectRefusal(await eu.call(operation, { KeyId: keyId }), 'UnsupportedOperationException',
        `Automatic rotation of multi-Region key ${replica} must be set on its primary key.`)
    }
    expect(await status(eu, keyId)).toMatchObject({ KeyRotationEnabled: false })
    expect(await status(us, keyId)).toMatchObject({ KeyRotationEnabled: false })
  })
})
