/**
 * EnableKey and DisableKey beyond their key-state cells (the whole table, every profile, is
 * test/profiles/key-state-table.test.ts): answers, KeyMetadata.Enabled, key resolution.
 */
import { describe, expect, it } from 'vitest'
import {
  createAwsKmsKey, createExternalKey, expectError, newKms, keyState, succeed,
} from '../support/kms.js'

describe('EnableKey / DisableKey', () => {
  it('refuses EnableKey and DisableKey on an EXTERNAL key without material: "<arn> is pending import."', async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    expectError(await kms.call('EnableKey', { KeyId: keyId }), 'KMSInvalidStateException', `${arn} is pending import.`)
    expectError(await kms.call('DisableKey', { KeyId: arn }), 'KMSInvalidStateException', `${arn} is pending import.`)
    expect(await keyState(kms, keyId)).toBe('PendingImport')
  })

  it('answers an empty JSON object', async () => {
    const kms = newKms()
    const { keyId } = await createAwsKmsKey(kms)
    expect((await kms.call('DisableKey', { KeyId: keyId })).raw.body).toBe('{}')
    expect((await kms.call('EnableKey', { KeyId: keyId })).raw.body).toBe('{}')
  })

  it('keeps KeyMetadata.Enabled true exactly when KeyState is Enabled', async () => {
    const kms = newKms()
    const { keyId } = await createAwsKmsKey(kms)
    const seen: [unknown, unknown][] = []
    const look = async (): Promise<void> => {
      const meta = (await succeed(kms, 'DescribeKey', keyId)).KeyMetadata as Record<string, unknown>
      seen.push([meta.KeyState, meta.Enabled])
    }
    await look()
    await succeed(kms, 'DisableKey', keyId)
    await look()
    await succeed(kms, 'EnableKey', keyId)
    await look()
    await succeed(kms, 'ScheduleKeyDeletion', keyId)
    await look()
    await succeed(kms, 'CancelKeyDeletion', keyId)
    await look()
    expect(seen).toEqual([['Enabled', true], ['Disabled', false], ['Enabled', true], ['PendingDeletion', false], ['Disabled', false]])
  })

  it('resolves keys the same way as every operation: "Invalid keyId", unknown key, alias', async () => {
    const kms = newKms()
    expectError(await kms.call('EnableKey', { KeyId: 'nope' }), 'NotFoundException', "Invalid keyId 'nope'")
    expectError(await kms.call('DisableKey', { KeyId: 'alias/x' }), 'NotFoundException', "Invalid keyId 'alias/x'")
    expectError(await kms.call('EnableKey', {}), 'ValidationException',
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
  })
})
