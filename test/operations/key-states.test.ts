/**
 * The key-state table of docs/evidence.md §2.1, for the operations of the foundation, driven through the
 * emulator in every state the classic profile can reach: EXTERNAL keys in PendingImport, Enabled,
 * Disabled and PendingDeletion (with and without material; material arrives with
 * ImportKeyMaterial), AWS_KMS keys in Enabled, Disabled and PendingDeletion.
 */
import { describe, expect, it } from 'vitest'
import {
  createAwsKmsKey, createExternalKey, importedKey, expectError, expectOk, newKms, paramsRequest, keyState, succeed, type CreatedKey, type Kms,
} from '../support/kms.js'

type Setup = (kms: Kms) => Promise<CreatedKey>

/** Each reachable (origin, state), and how to get there. */
const SETUPS = {
  'EXTERNAL PendingImport': (kms) => createExternalKey(kms),
  'EXTERNAL PendingDeletion': async (kms) => {
    const k = await createExternalKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', k.keyId)
    return k
  },
  'EXTERNAL Enabled': (kms) => importedKey(kms),
  'EXTERNAL Disabled': async (kms) => {
    const k = await importedKey(kms)
    await succeed(kms, 'DisableKey', k.keyId)
    return k
  },
  'EXTERNAL PendingDeletion with material': async (kms) => {
    const k = await importedKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', k.keyId)
    return k
  },
  'AWS_KMS Enabled': (kms) => createAwsKmsKey(kms),
  'AWS_KMS Disabled': async (kms) => {
    const k = await createAwsKmsKey(kms)
    await succeed(kms, 'DisableKey', k.keyId)
    return k
  },
  'AWS_KMS PendingDeletion': async (kms) => {
    const k = await createAwsKmsKey(kms)
    await succeed(kms, 'ScheduleKeyDeletion', k.keyId)
    return k
  },
} satisfies Readonly<Record<string, Setup>>
type Where = keyof typeof SETUPS

/** The expected answer: the state after success, or the exception and message (with `<arn>`). */
type Expect = { readonly ok: string } | { readonly error: string; readonly message: string; readonly label: string }
const ok = (state: string): Expect => ({ ok: state })
const invalid = (label: string, message: string): Expect => ({ error: 'KMSInvalidStateException', message, label })
const PENDING_IMPORT = invalid('pending import', '<arn> is pending import.')
const PENDING_DELETION = invalid('pending deletion', '<arn> is pending deletion.')
const NOT_PENDING_DELETION = invalid('not pending deletion', '<arn> is not pending deletion.')
const WRONG_ORIGIN: Expect = { error: 'UnsupportedOperationException', message: '<arn> origin is AWS_KMS which is not valid for this operation.', label: 'origin' }

/** docs/evidence.md §2.1, row by row, for the reachable columns. */
const TABLE: Readonly<Record<string, Readonly<Record<Where, Expect>>>> = {
  GetParametersForImport: {
    'EXTERNAL Enabled': ok('Enabled'), 'EXTERNAL Disabled': ok('Disabled'), 'EXTERNAL PendingDeletion with material': PENDING_DELETION,
    'EXTERNAL PendingImport': ok('PendingImport'), 'EXTERNAL PendingDeletion': PENDING_DELETION,
    'AWS_KMS Enabled': WRONG_ORIGIN, 'AWS_KMS Disabled': WRONG_ORIGIN, 'AWS_KMS PendingDeletion': WRONG_ORIGIN,
  },
  EnableKey: {
    'EXTERNAL Enabled': ok('Enabled'), 'EXTERNAL Disabled': ok('Enabled'), 'EXTERNAL PendingDeletion with material': PENDING_DELETION,
    'EXTERNAL PendingImport': PENDING_IMPORT, 'EXTERNAL PendingDeletion': PENDING_DELETION,
    'AWS_KMS Enabled': ok('Enabled'), 'AWS_KMS Disabled': ok('Enabled'), 'AWS_KMS PendingDeletion': PENDING_DELETION,
  },
  DisableKey: {
    'EXTERNAL Enabled': ok('Disabled'), 'EXTERNAL Disabled': ok('Disabled'), 'EXTERNAL PendingDeletion with material': PENDING_DELETION,
    'EXTERNAL PendingImport': PENDING_IMPORT, 'EXTERNAL PendingDeletion': PENDING_DELETION,
    'AWS_KMS Enabled': ok('Disabled'), 'AWS_KMS Disabled': ok('Disabled'), 'AWS_KMS PendingDeletion': PENDING_DELETION,
  },
  ScheduleKeyDeletion: {
    'EXTERNAL Enabled': ok('PendingDeletion'), 'EXTERNAL Disabled': ok('PendingDeletion'), 'EXTERNAL PendingDeletion with material': PENDING_DELETION,
    'EXTERNAL PendingImport': ok('PendingDeletion'), 'EXTERNAL PendingDeletion': PENDING_DELETION,
    'AWS_KMS Enabled': ok('PendingDeletion'), 'AWS_KMS Disabled': ok('PendingDeletion'), 'AWS_KMS PendingDeletion': PENDING_DELETION,
  },
  CancelKeyDeletion: {
    'EXTERNAL Enabled': NOT_PENDING_DELETION, 'EXTERNAL Disabled': NOT_PENDING_DELETION, 'EXTERNAL PendingDeletion with material': ok('Disabled'),
    'EXTERNAL PendingImport': NOT_PENDING_DELETION, 'EXTERNAL PendingDeletion': ok('PendingImport'),
    'AWS_KMS Enabled': NOT_PENDING_DELETION, 'AWS_KMS Disabled': NOT_PENDING_DELETION, 'AWS_KMS PendingDeletion': ok('Disabled'),
  },
  DescribeKey: {
    'EXTERNAL Enabled': ok('Enabled'), 'EXTERNAL Disabled': ok('Disabled'), 'EXTERNAL PendingDeletion with material': ok('PendingDeletion'),
    'EXTERNAL PendingImport': ok('PendingImport'), 'EXTERNAL PendingDeletion': ok('PendingDeletion'),
    'AWS_KMS Enabled': ok('Enabled'), 'AWS_KMS Disabled': ok('Disabled'), 'AWS_KMS PendingDeletion': ok('PendingDeletion'),
  },
}

const REQUEST_EXTRA: Readonly<Record<string, (keyId: string) => Readonly<Record<string, unknown>>>> = {
  GetParametersForImport: (keyId) => paramsRequest(keyId),
}

const cases = Object.entries(TABLE).flatMap(([operation, row]) =>
  (Object.entries(row) as [Where, Expect][]).map(([where, expected]) => ({
    operation, where, expected, verdict: 'ok' in expected ? `ok, ${expected.ok}` : `${expected.error} (${expected.label})`,
  })))

describe('the key-state table (docs/evidence.md §2.1)', () => {
  it.each(cases)('$operation on $where → $verdict', async ({ operation, where, expected }) => {
    const kms = newKms()
    const { keyId, arn } = await SETUPS[where](kms)
    const request = REQUEST_EXTRA[operation]?.(keyId) ?? { KeyId: keyId }
    const before = kms.emulator.store()
    const reply = await kms.call(operation, request)
    if ('ok' in expected) {
      expectOk(reply)
      expect(await keyState(kms, keyId)).toBe(expected.ok)
    } else {
      expectError(reply, expected.error, expected.message.replace('<arn>', arn))
      expect(kms.emulator.store()).toBe(before)
    }
  })
})

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
