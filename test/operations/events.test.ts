/**
 * Events are real (docs/evidence.md §9): an operation's `Outcome.events` carries what it caused —
 * material expiry and key deletion seen at the request's instant — so a caller of the pure
 * functions gets the events the emulator reports to `onEvent`, once each.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createKey, describeKey, listKeyRotations, type KmsEvent } from 'kms-key-import'
import { DAY_MS, HOUR_MS, T0, expectOk, expiresAt, importedKey, materialOf, newKms, succeed } from '../support/kms.js'
import { classicEnv } from '../support/pure-env.js'

const VALID_TO = T0 + 6 * HOUR_MS

describe('Outcome.events of the pure operations', () => {
  it('DescribeKey after ValidTo reports the DeleteExpiredKeyMaterial event the emulator reports, and stores the settled key', async () => {
    const kms = newKms()
    const key = await importedKey(kms, materialOf('events'), expiresAt(VALID_TO))
    const store = kms.emulator.store()
    const pure = describeKey(classicEnv({ now: VALID_TO + 1 }), store, { KeyId: key.keyId })
    if (E.isLeft(pure)) throw new Error(pure.left.message)
    expect(pure.right.response.KeyMetadata.KeyState).toBe('PendingImport')
    // the emulator at the same instant
    kms.clock.set(VALID_TO + 1)
    await succeed(kms, 'DescribeKey', key.keyId)
    expect(pure.right.events).toEqual(kms.events)
    expect(pure.right.events.map((e: KmsEvent) => e.eventName)).toEqual(['DeleteExpiredKeyMaterial'])
    // reported once: the outcome's store holds the settled key
    const again = describeKey(classicEnv({ now: VALID_TO + 2 }), pure.right.store, { KeyId: key.keyId })
    expect(E.isRight(again) && again.right.events).toEqual([])
  })

  it('any operation reports a key deletion that came due, as the emulator does (DeleteKey, then the key is gone)', async () => {
    const kms = newKms()
    const doomed = await importedKey(kms, materialOf('doomed'))
    await succeed(kms, 'ScheduleKeyDeletion', doomed.keyId, { PendingWindowInDays: 7 })
    const later = T0 + 8 * DAY_MS
    const pure = createKey(classicEnv({ now: later }), kms.emulator.store(), {})
    if (E.isLeft(pure)) throw new Error(pure.left.message)
    kms.clock.set(later)
    expectOk(await kms.call('CreateKey', {}))
    expect(pure.right.events).toEqual(kms.events)
    expect(pure.right.events.map((e: KmsEvent) => e.eventName)).toEqual(['DeleteKey'])
    expect(E.isLeft(listKeyRotations(classicEnv({ now: later }), pure.right.store, { KeyId: doomed.keyId }))).toBe(true)
  })

  it('a store with nothing due gives no events and is passed as it is', async () => {
    const kms = newKms()
    const key = await importedKey(kms, materialOf('calm'), expiresAt(VALID_TO))
    const store = kms.emulator.store()
    const pure = describeKey(classicEnv({ now: VALID_TO - 1 }), store, { KeyId: key.keyId })
    expect(E.isRight(pure) && pure.right.events).toEqual([])
    expect(E.isRight(pure) && pure.right.store).toBe(store)
  })
})
