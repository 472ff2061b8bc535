/**
 * The hand-written key-state table (key-state-table.ts, docs/evidence.md §2.1) driven through the
 * emulator under every profile, cell by cell: each situation is reached through the operations a
 * client would call, the operation is sent on the wire, and the answer (success and the state after,
 * or the exact exception and message, the store untouched) must be the cell's.
 */
import { describe, expect, it } from 'vitest'
import type { ProfileName } from 'kms-key-import'
import {
  DEFAULT_MATERIAL, b64, createAwsKmsKey, createExternalKey, encrypt, expectError, expectOk, getParameters, importBody, importMaterial, keyState, newKms, paramsRequest,
  succeed, wrap, type CreatedKey, type ImportParameters, type JsonObject, type Kms,
} from '../support/kms.js'
import { KEY_STATE_TABLE, SITUATIONS, type Situation } from './key-state-table.js'

/** A key brought into a situation, with what the operations of a cell need. */
interface Prepared {
  readonly kms: Kms
  readonly key: CreatedKey
  /** Parameters for the key (or, for an AWS_KMS key, for another key: its origin is refused first). */
  readonly params: ImportParameters
  /** A ciphertext the key made while it held material. */
  readonly ciphertext: string | undefined
}

const prepare = async (profile: ProfileName, situation: Situation): Promise<Prepared> => {
  const kms = newKms({ profile })
  const external = situation.startsWith('EXTERNAL')
  const key = external ? await createExternalKey(kms) : await createAwsKmsKey(kms)
  const params = await getParameters(kms, external ? key.keyId : (await createExternalKey(kms)).keyId)
  const withMaterial = !situation.includes('(new)')
  let ciphertext: string | undefined
  if (external && withMaterial) await importMaterial(kms, key.keyId)
  if (withMaterial) ciphertext = await encrypt(kms, key.keyId, 'state table')
  if (situation.includes('material deleted')) await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
  if (situation.endsWith('Disabled')) await succeed(kms, 'DisableKey', key.keyId)
  if (situation.includes('PendingDeletion')) await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
  expect(await keyState(kms, key.keyId)).toBe(situation.split(' ')[1])
  return { kms, key, params, ciphertext }
}

/** A request for the operation that would succeed on an Enabled key. */
const requestFor = (operation: string, p: Prepared): JsonObject => {
  const { key } = p
  switch (operation) {
    case 'GetParametersForImport': return paramsRequest(key.keyId)
    case 'ImportKeyMaterial': return importBody(key.keyId, p.params.importToken, wrap(p.params, DEFAULT_MATERIAL))
    case 'ScheduleKeyDeletion': return { KeyId: key.keyId, PendingWindowInDays: 7 }
    case 'Encrypt': return { KeyId: key.keyId, Plaintext: b64('state table') }
    case 'Decrypt': return { CiphertextBlob: p.ciphertext }
    default: return { KeyId: key.keyId }
  }
}

const PROFILES: readonly ProfileName[] = ['classic', '2023-10-10', '2025-06-05']

const cases = PROFILES.flatMap((profile) =>
  KEY_STATE_TABLE.filter((row) => row.profiles.includes(profile)).flatMap((row) =>
    SITUATIONS.map((situation, i) => ({ profile, operation: row.operation, situation, cell: row.cells[i]! }))
      .filter((c) => c.cell !== 'NA')
      .map((c) => ({ ...c, verdict: c.cell === 'NA' ? '' : 'ok' in c.cell ? `ok, ${c.cell.ok}` : `${c.cell.error} (${c.cell.label})` }))))

describe('the key-state table (docs/evidence.md §2.1), by hand, under every profile', () => {
  it.each(cases)('$profile: $operation on $situation → $verdict', async ({ profile, operation, situation, cell }) => {
    const p = await prepare(profile, situation)
    const before = p.kms.emulator.store()
    const reply = await p.kms.call(operation, requestFor(operation, p))
    if (cell === 'NA') return
    if ('ok' in cell) {
      expectOk(reply)
      expect(await keyState(p.kms, p.key.keyId)).toBe(cell.ok)
    } else {
      expectError(reply, cell.error, cell.message.replace('<arn>', p.key.arn))
      expect(p.kms.emulator.store()).toBe(before)
    }
  })

  it('covers every situation of every row, and every row names profiles', () => {
    for (const row of KEY_STATE_TABLE) {
      expect(row.cells).toHaveLength(SITUATIONS.length)
      expect(row.profiles.length).toBeGreaterThan(0)
    }
  })
})
