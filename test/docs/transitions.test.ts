/**
 * The state diagram's transitions, written by hand from docs/evidence.md §2 and §9, are driven
 * through the emulator one at a time under every profile, and the transitions data the diagram is
 * generated from must be exactly this list: the diagram says what the rules say, and the code does it.
 */
import { describe, expect, it } from 'vitest'
import { createEmulator, type Emulator } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'
import type { ProfileName } from 'kms-key-import'
import { stateTransitions, type Transition } from '../../src/profiles/transitions.js'

/** docs/evidence.md §2 (CreateKey, Enable/Disable, Schedule/Cancel, the end of the waiting period) and §9 (ValidTo). */
const TRANSITIONS: readonly Transition[] = [
  { cause: 'CreateKey', from: undefined, to: 'PendingImport', when: 'Origin EXTERNAL' },
  { cause: 'CreateKey', from: undefined, to: 'Enabled', when: 'Origin AWS_KMS' },
  { cause: 'ImportKeyMaterial', from: 'PendingImport', to: 'Enabled' },
  { cause: 'EnableKey', from: 'Disabled', to: 'Enabled' },
  { cause: 'DisableKey', from: 'Enabled', to: 'Disabled' },
  { cause: 'DeleteImportedKeyMaterial', from: 'Enabled', to: 'PendingImport' },
  { cause: 'DeleteImportedKeyMaterial', from: 'Disabled', to: 'PendingImport' },
  { cause: 'ValidTo passes', from: 'Enabled', to: 'PendingImport' },
  { cause: 'ValidTo passes', from: 'Disabled', to: 'PendingImport' },
  { cause: 'ScheduleKeyDeletion', from: 'Enabled', to: 'PendingDeletion' },
  { cause: 'ScheduleKeyDeletion', from: 'Disabled', to: 'PendingDeletion' },
  { cause: 'ScheduleKeyDeletion', from: 'PendingImport', to: 'PendingDeletion' },
  { cause: 'CancelKeyDeletion', from: 'PendingDeletion', to: 'Disabled', when: 'the key has its material' },
  { cause: 'CancelKeyDeletion', from: 'PendingDeletion', to: 'PendingImport', when: 'an EXTERNAL key without material' },
  { cause: 'DeletionDate passes', from: 'PendingDeletion', to: undefined },
]
const PROFILES: readonly ProfileName[] = ['classic', '2023-10-10', '2025-06-05']

const DAY = 86_400_000

const setup = (profile: ProfileName) => {
  const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
  const kms = createEmulator({ profile, clock, crypto: createDeterministicProvider({ seed: 3 }) })
  return { clock, kms }
}
const call = async (kms: Emulator, op: string, req: object): Promise<Record<string, unknown>> => {
  const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(req) })
  const body = JSON.parse(res.body) as Record<string, unknown>
  expect(res.status, `${op}: ${res.body}`).toBe(200)
  return body
}
const state = async (kms: Emulator, KeyId: string): Promise<string | undefined> => {
  const res = await kms.handle({ target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId }) })
  return res.status === 200 ? ((JSON.parse(res.body) as { KeyMetadata: { KeyState: string } }).KeyMetadata.KeyState) : undefined
}
const importMaterial = async (kms: Emulator, clock: ManualClock, KeyId: string, validForMs?: number) => {
  const p = await call(kms, 'GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
  const wrapped = wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(9))
  await call(kms, 'ImportKeyMaterial', {
    KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: Buffer.from(wrapped).toString('base64'),
    ...(validForMs === undefined ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ValidTo: (clock.now() + validForMs) / 1000 }),
  })
}

/** Brings a fresh key into `from`, honouring the transition's condition. */
const prepare = async (kms: Emulator, clock: ManualClock, t: Transition): Promise<string> => {
  const aws = t.when === 'Origin AWS_KMS'
  const KeyId = String(((await call(kms, 'CreateKey', aws ? {} : { Origin: 'EXTERNAL' })).KeyMetadata as { KeyId: string }).KeyId)
  const withMaterial = t.from === 'Enabled' || t.from === 'Disabled' || (t.from === 'PendingDeletion' && t.when === 'the key has its material')
  if (withMaterial) await importMaterial(kms, clock, KeyId, t.cause === 'ValidTo passes' ? DAY : undefined)
  if (t.from === 'Disabled') await call(kms, 'DisableKey', { KeyId })
  if (t.from === 'PendingDeletion') await call(kms, 'ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 })
  return KeyId
}

describe('each transition of the state diagram happens in the emulator', () => {
  it('the diagram is generated from exactly the transitions written here', () => {
    expect(stateTransitions.map((t) => ({ ...t }))).toEqual(TRANSITIONS)
  })

  it.each(PROFILES.flatMap((profile) => TRANSITIONS.map((t) => [`${profile}: ${t.from ?? '(new)'} → ${t.to ?? '(gone)'} by ${t.cause}${t.when !== undefined ? ` (${t.when})` : ''}`, profile, t] as const)))('%s', async (_name, profile, t) => {
    const { clock, kms } = setup(profile)
    if (t.cause === 'CreateKey') {
      const body = await call(kms, 'CreateKey', t.when === 'Origin EXTERNAL' ? { Origin: 'EXTERNAL' } : {})
      expect((body.KeyMetadata as { KeyState: string }).KeyState).toBe(t.to)
      return
    }
    const KeyId = await prepare(kms, clock, t)
    expect(await state(kms, KeyId)).toBe(t.from)
    switch (t.cause) {
      case 'ImportKeyMaterial': await importMaterial(kms, clock, KeyId); break
      case 'ValidTo passes': clock.advance(DAY); break
      case 'DeletionDate passes': clock.advance(7 * DAY); break
      case 'ScheduleKeyDeletion': await call(kms, t.cause, { KeyId, PendingWindowInDays: 7 }); break
      default: await call(kms, t.cause, { KeyId })
    }
    expect(await state(kms, KeyId)).toBe(t.to)
  })
})
