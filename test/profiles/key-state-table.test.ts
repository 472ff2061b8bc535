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
  // an alias made while the key could take one (DeleteAlias is served in every state)
  expectOk(await kms.call('CreateAlias', { AliasName: 'alias/state-table', TargetKeyId: key.keyId }))
  if (situation.includes('material deleted')) await succeed(kms, 'DeleteImportedKeyMaterial', key.keyId)
  if (situation.endsWith('Disabled')) await succeed(kms, 'DisableKey', key.keyId)
  if (situation.includes('PendingDeletion')) await succeed(kms, 'ScheduleKeyDeletion', key.keyId, { PendingWindowInDays: 7 })
  expect(await keyState(kms, key.keyId)).toBe(situation.split(' ')[1])
  return { kms, key, params, ciphertext }
}

/** A request for the operation that would succeed on an Enabled key (made before the store is compared). */
const requestFor = async (operation: string, p: Prepared): Promise<JsonObject> => {
  const { key } = p
  switch (operation) {
    case 'CreateAlias': return { AliasName: 'alias/state-table-new', TargetKeyId: key.keyId }
    case 'UpdateAlias': {
      // an alias of another key of the same spec and usage, moved to this one
      const other = await createAwsKmsKey(p.kms)
      expectOk(await p.kms.call('CreateAlias', { AliasName: 'alias/state-table-other', TargetKeyId: other.keyId }))
      return { AliasName: 'alias/state-table-other', TargetKeyId: key.keyId }
    }
    case 'DeleteAlias': return { AliasName: 'alias/state-table' }
    case 'UpdateKeyDescription': return { KeyId: key.keyId, Description: 'state table' }
    case 'TagResource': return { KeyId: key.keyId, Tags: [{ TagKey: 'team', TagValue: 'state table' }] }
    case 'UntagResource': return { KeyId: key.keyId, TagKeys: ['team'] }
    case 'PutKeyPolicy': return { KeyId: key.keyId, Policy: '{"Version":"2012-10-17","Statement":[]}' }
    case 'GenerateDataKey':
    case 'GenerateDataKeyWithoutPlaintext': return { KeyId: key.keyId, NumberOfBytes: 32 }
    case 'GenerateDataKeyPair':
    case 'GenerateDataKeyPairWithoutPlaintext': return { KeyId: key.keyId, KeyPairSpec: 'ECC_NIST_P256' }
    case 'ReEncrypt': return { CiphertextBlob: p.ciphertext, DestinationKeyId: key.keyId }
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
    const request = await requestFor(operation, p)
    const before = p.kms.emulator.store()
    const reply = await p.kms.call(operation, request)
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
