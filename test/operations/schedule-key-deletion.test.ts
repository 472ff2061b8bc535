/**
 * ScheduleKeyDeletion and the end of the waiting period (docs/evidence.md §2): 7–30 days, default 30,
 * `DeletionDate = now + days`; when it passes, the key is gone (NotFoundException).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allKeys, createEmulator, type KmsEvent } from 'kms-key-import'
import { createDeterministicProvider, manualClock } from 'kms-key-import/testing'
import {
  DAY_MS, T0, createAwsKmsKey, createExternalKey, describeKey, expectError, expectOk, newKms, objectAt, paramsRequest, succeed,
} from '../support/kms.js'

describe('ScheduleKeyDeletion: the waiting period', () => {
  it.each([6, 31])('refuses PendingWindowInDays %i with ValidationException "PendingWindowInDays must be between 7 and 30"', async (days) => {
    const kms = newKms()
    const { keyId } = await createExternalKey(kms)
    expectError(await kms.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: days }), 'ValidationException', 'PendingWindowInDays must be between 7 and 30')
    expect(await describeKey(kms, keyId)).toMatchObject({ KeyState: 'PendingImport' })
  })

  it.each([0, -1])('refuses PendingWindowInDays %i with the model constraint (least value 1)', async (days) => {
    const kms = newKms()
    const { keyId } = await createAwsKmsKey(kms)
    expectError(await kms.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: days }), 'ValidationException',
      `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1`)
  })

  it('refuses PendingWindowInDays 366 with the model constraint (greatest value 365)', async () => {
    const kms = newKms()
    const { keyId } = await createAwsKmsKey(kms)
    expectError(await kms.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 366 }), 'ValidationException',
      "1 validation error detected: Value '366' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 365")
  })

  it.each([
    ['7', 'STRING_VALUE can not be converted to an Integer'],
    [7.5, 'NUMBER_VALUE can not be converted to an Integer'],
  ])('refuses PendingWindowInDays %j with SerializationException %j', async (days, message) => {
    const kms = newKms()
    const { keyId } = await createAwsKmsKey(kms)
    expectError(await kms.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: days }), 'SerializationException', message)
  })

  it('defaults to 30 days and answers KeyId (ARN), DeletionDate (epoch seconds), KeyState and PendingWindowInDays', async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    const body = await succeed(kms, 'ScheduleKeyDeletion', keyId)
    expect(body).toEqual({ KeyId: arn, DeletionDate: (T0 + 30 * DAY_MS) / 1000, KeyState: 'PendingDeletion', PendingWindowInDays: 30 })
  })

  it('sets DeletionDate = now + PendingWindowInDays for every day from 7 to 30, at any instant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 7, max: 30 }), fc.integer({ min: 0, max: 10 * 365 * DAY_MS }), async (days, offset) => {
        const kms = newKms({ start: T0 + offset })
        const { keyId, arn } = await createAwsKmsKey(kms)
        const body = await succeed(kms, 'ScheduleKeyDeletion', keyId, { PendingWindowInDays: days })
        expect(body).toEqual({ KeyId: arn, DeletionDate: (T0 + offset + days * DAY_MS) / 1000, KeyState: 'PendingDeletion', PendingWindowInDays: days })
        const meta = await describeKey(kms, keyId)
        expect(meta).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: (T0 + offset + days * DAY_MS) / 1000 })
        expect(meta).not.toHaveProperty('PendingDeletionWindowInDays') // DOC API_KeyMetadata: PendingReplicaDeletion only
      }),
      { numRuns: 40 },
    )
  })

  it('refuses a second ScheduleKeyDeletion with KMSInvalidStateException "<arn> is pending deletion." and keeps the first date', async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId, { PendingWindowInDays: 10 })
    expectError(await kms.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }), 'KMSInvalidStateException', `${arn} is pending deletion.`)
    expect((await describeKey(kms, keyId)).DeletionDate).toBe((T0 + 10 * DAY_MS) / 1000)
  })
})

describe('ScheduleKeyDeletion: when the waiting period ends, the key is gone', () => {
  it("keeps the key until its DeletionDate, then answers NotFound \"Key '<arn>' does not exist\" to every operation", async () => {
    const kms = newKms()
    const { keyId, arn } = await createExternalKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId, { PendingWindowInDays: 7 })
    kms.clock.advance(7 * DAY_MS - 1)
    expect(await describeKey(kms, keyId)).toMatchObject({ KeyState: 'PendingDeletion' })
    kms.clock.advance(1)
    const gone = `Key '${arn}' does not exist`
    expectError(await kms.call('DescribeKey', { KeyId: keyId }), 'NotFoundException', gone)
    expectError(await kms.call('DescribeKey', { KeyId: arn }), 'NotFoundException', gone)
    expectError(await kms.call('CancelKeyDeletion', { KeyId: keyId }), 'NotFoundException', gone)
    expectError(await kms.call('GetParametersForImport', paramsRequest(keyId)), 'NotFoundException', gone)
    expectError(await kms.call('EnableKey', { KeyId: keyId }), 'NotFoundException', gone)
    expectError(await kms.call('ScheduleKeyDeletion', { KeyId: keyId }), 'NotFoundException', gone)
  })

  it('removes the key from the store and reports a DeleteKey event at its DeletionDate', async () => {
    const events: KmsEvent[] = []
    const clock = manualClock(T0)
    const kms = createEmulator({ clock, crypto: createDeterministicProvider({ seed: 3 }), onEvent: (e) => events.push(e) })
    const created = objectAt(JSON.parse((await kms.handle({ target: 'TrentService.CreateKey', body: '{}' })).body) as Record<string, unknown>, 'KeyMetadata')
    const keyId = String(created.KeyId)
    const other = await kms.handle({ target: 'TrentService.CreateKey', body: '{"Origin":"EXTERNAL"}' })
    await kms.handle({ target: 'TrentService.ScheduleKeyDeletion', body: JSON.stringify({ KeyId: keyId, PendingWindowInDays: 8 }) })
    clock.advance(9 * DAY_MS)
    await kms.handle({ target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId: keyId }) })
    expect(events).toEqual([{ eventName: 'DeleteKey', keyId, keyArn: created.Arn, eventTime: T0 + 8 * DAY_MS }])
    expect(allKeys(kms.store()).map((k) => k.keyId)).toEqual([String((JSON.parse(other.body) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId)])
  })

  it('lets a cancelled deletion outlive its old DeletionDate', async () => {
    const kms = newKms()
    const { keyId } = await createAwsKmsKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', keyId, { PendingWindowInDays: 7 })
    await succeed(kms, 'CancelKeyDeletion', keyId)
    kms.clock.advance(60 * DAY_MS)
    expect(await describeKey(kms, keyId)).toMatchObject({ KeyState: 'Disabled' })
    expectOk(await kms.call('EnableKey', { KeyId: keyId }))
  })
})
