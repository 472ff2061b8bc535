/**
 * Persistence (issue: reliability): snapshots are versioned JSON with sealed secrets; a restore
 * with the same sealing key carries on exactly (tokens too); anything wrong is refused whole.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { createEmulator, restoreEmulator, Snapshot, type Emulator } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial } from 'kms-key-import/testing'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const SEALING = new Uint8Array(32).fill(5)
const OTHER = new Uint8Array(32).fill(6)
const MATERIAL = new Uint8Array(32).fill(0x33)

const call = async (kms: Emulator, op: string, req: object) => {
  const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(req) })
  return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> }
}
const fresh = (profile: 'classic' | '2025-06-05' = 'classic', sealingKey = SEALING) => {
  const clock = manualClock(T0)
  return { clock, kms: createEmulator({ profile, clock, sealingKey, crypto: createDeterministicProvider({ seed: 11 }) }) }
}
const params = async (kms: Emulator, KeyId: string) =>
  (await call(kms, 'GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })).body
const importWith = async (kms: Emulator, KeyId: string, p: Record<string, unknown>, material = MATERIAL) =>
  call(kms, 'ImportKeyMaterial', {
    KeyId, ImportToken: p.ImportToken, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    EncryptedKeyMaterial: Buffer.from(wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', material)).toString('base64'),
  })

/** A store with an imported key, an AWS_KMS key, a key pending import and one pending deletion. */
const populated = async (profile: 'classic' | '2025-06-05' = 'classic') => {
  const { clock, kms } = fresh(profile)
  const ids: string[] = []
  for (const req of [{ Origin: 'EXTERNAL' }, {}, { Origin: 'EXTERNAL' }, { Description: 'to delete' }]) {
    ids.push(String(((await call(kms, 'CreateKey', req)).body.KeyMetadata as { KeyId: string }).KeyId))
  }
  const p = await params(kms, ids[0] as string)
  expect((await importWith(kms, ids[0] as string, p)).status).toBe(200)
  await call(kms, 'ScheduleKeyDeletion', { KeyId: ids[3], PendingWindowInDays: 9 })
  const ct = (await call(kms, 'Encrypt', { KeyId: ids[0], Plaintext: Buffer.from('persist me').toString('base64') })).body.CiphertextBlob
  return { clock, kms, ids, ct: String(ct) }
}
const describeAll = async (kms: Emulator, ids: readonly string[]) => Promise.all(ids.map(async (KeyId) => (await call(kms, 'DescribeKey', { KeyId })).body))

describe('snapshot and restore', () => {
  it('is versioned, JSON-serialisable and holds no secret in clear', async () => {
    const { kms } = await populated()
    const snap = kms.snapshot()
    expect(snap.format).toBe('kms-key-import/snapshot')
    expect(snap.version).toBe(2)
    expect(E.isRight(Snapshot.decode(JSON.parse(JSON.stringify(snap))))).toBe(true)
    const text = JSON.stringify(snap)
    for (const secret of [MATERIAL, SEALING]) {
      expect(text).not.toContain(Buffer.from(secret).toString('hex'))
      expect(text).not.toContain(Buffer.from(secret).toString('base64'))
    }
  })

  it('restores exactly: every key reads the same, old ciphertext decrypts, the same material is still the only one accepted', async () => {
    const { kms, ids, ct, clock } = await populated()
    const before = await describeAll(kms, ids)
    const again = createEmulator({ state: JSON.parse(JSON.stringify(kms.snapshot())), sealingKey: SEALING, clock, crypto: createDeterministicProvider({ seed: 12 }) })
    expect(await describeAll(again, ids)).toEqual(before)
    const pt = await call(again, 'Decrypt', { CiphertextBlob: ct })
    expect(Buffer.from(String(pt.body.Plaintext), 'base64').toString()).toBe('persist me')
    const p = await params(again, ids[0] as string)
    expect((await importWith(again, ids[0] as string, p, new Uint8Array(32).fill(1))).body.__type).toBe('IncorrectKeyMaterialException')
    expect((await importWith(again, ids[0] as string, p)).status).toBe(200)
  })

  it('keeps the restored clock-driven rules: the key pending deletion is gone when its date passes', async () => {
    const { kms, ids, clock } = await populated()
    const again = createEmulator({ state: kms.snapshot(), sealingKey: SEALING, clock, crypto: createDeterministicProvider({ seed: 12 }) })
    clock.advance(9 * 86_400_000)
    expect((await call(again, 'DescribeKey', { KeyId: ids[3] })).body.__type).toBe('NotFoundException')
  })

  it('lets tokens issued before a restart work after it with the same sealing key', async () => {
    const { clock, kms } = fresh()
    const KeyId = String(((await call(kms, 'CreateKey', { Origin: 'EXTERNAL' })).body.KeyMetadata as { KeyId: string }).KeyId)
    const p = await params(kms, KeyId)
    const again = createEmulator({ state: kms.snapshot(), sealingKey: SEALING, clock, crypto: createDeterministicProvider({ seed: 99 }) })
    expect(await importWith(again, KeyId, p)).toEqual({ status: 200, body: { KeyId: `arn:aws:kms:us-east-1:111122223333:key/${KeyId}` } })
  })

  it('refuses those tokens with InvalidImportTokenException under another sealing key', async () => {
    const { clock, kms } = fresh()
    const KeyId = String(((await call(kms, 'CreateKey', { Origin: 'EXTERNAL' })).body.KeyMetadata as { KeyId: string }).KeyId)
    const p = await params(kms, KeyId)
    const other = createEmulator({ state: kms.snapshot(), sealingKey: OTHER, clock, crypto: createDeterministicProvider({ seed: 99 }) })
    expect(await importWith(other, KeyId, p)).toEqual({
      status: 400, body: { __type: 'InvalidImportTokenException', message: 'Import token is invalid or is associated with a different KMS key.' },
    })
  })

  it('refuses a snapshot holding material under another sealing key, whole', async () => {
    const { kms } = await populated()
    const r = restoreEmulator({ state: kms.snapshot(), sealingKey: OTHER })
    expect(E.isLeft(r) && r.left.message).toBe('the snapshot was sealed under another sealing key')
    expect(() => createEmulator({ state: kms.snapshot(), sealingKey: OTHER })).toThrow('cannot restore the snapshot: the snapshot was sealed under another sealing key')
  })

  it.each(['classic', '2025-06-05'] as const)('%s: refuses a snapshot whose keys hold only deleted material under another sealing key (its material ids still bind the key)', async (profile) => {
    const { kms } = fresh(profile)
    const KeyId = String(((await call(kms, 'CreateKey', { Origin: 'EXTERNAL' })).body.KeyMetadata as { KeyId: string }).KeyId)
    expect((await importWith(kms, KeyId, await params(kms, KeyId))).status).toBe(200)
    expect((await call(kms, 'DeleteImportedKeyMaterial', { KeyId })).status).toBe(200)
    const saved = kms.snapshot()
    // nothing live is sealed in it, yet the record remembers which material the key accepts
    expect(JSON.stringify(saved)).not.toContain('sealedSecret')
    const r = restoreEmulator({ state: saved, sealingKey: OTHER })
    expect(E.isLeft(r) && r.left.message).toBe('the snapshot was sealed under another sealing key')
    // under its own sealing key the same-material rule carries on: the first material is accepted, another refused
    const again = createEmulator({ profile, state: saved, sealingKey: SEALING, clock: manualClock(T0), crypto: createDeterministicProvider({ seed: 11 }) })
    expect((await importWith(again, KeyId, await params(again, KeyId), new Uint8Array(32).fill(0x44))).body).toEqual({
      __type: 'IncorrectKeyMaterialException', message: 'The key material does not match the key material previously imported into this KMS key.',
    })
    expect((await importWith(again, KeyId, await params(again, KeyId))).status).toBe(200)
  })

  it('restores a snapshot whose keys never held material under another sealing key (nothing in it depends on the key)', async () => {
    const { kms } = fresh()
    await call(kms, 'CreateKey', { Origin: 'EXTERNAL' })
    const r = restoreEmulator({ state: kms.snapshot(), sealingKey: OTHER })
    expect(E.isRight(r)).toBe(true)
    if (E.isRight(r)) r.right.close()
  })

  it.each([
    ['a wrong version', (s: Record<string, unknown>) => ({ ...s, version: 3 }), 'snapshot version 3 is not supported (this library reads versions 1 and 2)'],
    ['another format', (s: Record<string, unknown>) => ({ ...s, format: 'something' }), 'not a kms-key-import/snapshot: format is "something"'],
    ['a malformed key', (s: Record<string, unknown>) => ({ ...s, keys: [{ keyId: 'nope' }] }), 'the snapshot is malformed at keys.0.keyId'],
    ['a duplicated key', (s: Record<string, unknown>) => ({ ...s, keys: [...(s.keys as unknown[]), (s.keys as unknown[])[0]] }), undefined],
  ] as const)('refuses %s with a clear error and loads nothing', async (_name, corrupt, message) => {
    const { kms } = await populated()
    const r = restoreEmulator({ state: corrupt(JSON.parse(JSON.stringify(kms.snapshot())) as Record<string, unknown>), sealingKey: SEALING })
    expect(E.isLeft(r)).toBe(true)
    if (E.isLeft(r) && message !== undefined) expect(r.left.message).toBe(message)
  })

  it('refuses a snapshot whose sealed material was altered (any single-bit flip)', async () => {
    const { kms } = await populated()
    const snap = JSON.parse(JSON.stringify(kms.snapshot())) as { keys: { materials: { sealedSecret?: string }[] }[] }
    const m = snap.keys[0]?.materials[0] as { sealedSecret: string }
    const bytes = Buffer.from(m.sealedSecret, 'base64')
    for (let bit = 0; bit < bytes.length * 8; bit += 13) {
      const flipped = Buffer.from(bytes)
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7))
      m.sealedSecret = flipped.toString('base64')
      const r = restoreEmulator({ state: snap, sealingKey: SEALING })
      expect(E.isLeft(r) && r.left.message).toMatch(/does not open: corrupted$/)
    }
  })

  it('refuses sealed material moved to another key or given another material id (the seal binds both)', async () => {
    const { kms, ids } = await populated()
    type Saved = { keys: { keyId: string; materials: { keyMaterialId: string; sealedSecret?: string }[] }[] }
    const saved = (): Saved => JSON.parse(JSON.stringify(kms.snapshot())) as Saved
    const materialOf = (s: Saved, keyId: string) => s.keys.find((k) => k.keyId === keyId)?.materials[0] as { keyMaterialId: string; sealedSecret: string }
    // the imported key's sealed material, in place of the generated key's (both 32-byte symmetric)
    const moved = saved()
    materialOf(moved, ids[1] as string).sealedSecret = materialOf(moved, ids[0] as string).sealedSecret
    const r1 = restoreEmulator({ state: moved, sealingKey: SEALING })
    expect(E.isLeft(r1) && r1.left.message).toBe(`the sealed material ${materialOf(moved, ids[1] as string).keyMaterialId} of key ${ids[1]} does not open: corrupted`)
    // the imported key's material under the generated key's material id
    const renamed = saved()
    materialOf(renamed, ids[0] as string).keyMaterialId = materialOf(renamed, ids[1] as string).keyMaterialId
    const r2 = restoreEmulator({ state: renamed, sealingKey: SEALING })
    expect(E.isLeft(r2) && r2.left.message).toMatch(/does not open: corrupted$/)
  })

  it('refuses a snapshot of another profile, region or account than asked for', async () => {
    const { kms } = await populated()
    const r = restoreEmulator({ state: kms.snapshot(), sealingKey: SEALING, profile: '2023-10-10' })
    expect(E.isLeft(r) && r.left.message).toBe('the snapshot was taken with profile classic, not 2023-10-10')
  })

  it('refuses, as a Left, a snapshot naming a profile or region this library does not know', () => {
    const { kms } = fresh()
    const saved = JSON.parse(JSON.stringify(kms.snapshot())) as Record<string, unknown>
    const restore = (patch: Record<string, unknown>) => restoreEmulator({ state: { ...saved, ...patch }, sealingKey: SEALING, crypto: createDeterministicProvider() })
    const bogus = restore({ profile: 'bogus' })
    expect(E.isLeft(bogus) && bogus.left).toEqual({ _tag: 'SnapshotError', message: 'the snapshot names an unknown profile: bogus' })
    const mars = restore({ region: 'mars' })
    expect(E.isLeft(mars) && mars.left).toEqual({ _tag: 'SnapshotError', message: 'the snapshot names no region: mars' })
  })

  it('restores the 2025-06-05 profile\'s materials, ids and rotation count', async () => {
    const { kms, ids } = await populated('2025-06-05')
    const again = createEmulator({ state: kms.snapshot(), sealingKey: SEALING, clock: manualClock(T0), crypto: createDeterministicProvider({ seed: 3 }) })
    expect(again.profile.name).toBe('2025-06-05')
    const list = async (e: Emulator) => (await call(e, 'ListKeyRotations', { KeyId: ids[0], IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).body
    expect(await list(again)).toEqual(await list(kms))
  })
})

describe('aliases in a snapshot', () => {
  const withAliases = async () => {
    const { kms } = fresh()
    const ids: string[] = []
    for (const region of ['us-east-1', 'eu-west-1']) {
      const created = await kms.handle({ target: 'TrentService.CreateKey', body: '{}', region })
      const KeyId = String((JSON.parse(created.body) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId)
      expect((await kms.handle({ target: 'TrentService.CreateAlias', body: JSON.stringify({ AliasName: 'alias/app', TargetKeyId: KeyId }), region })).status).toBe(200)
      ids.push(KeyId)
    }
    return { kms, ids }
  }

  it('restores one alias name in two Regions (alias names are unique per Region)', async () => {
    const { kms, ids } = await withAliases()
    const again = createEmulator({ state: JSON.parse(JSON.stringify(kms.snapshot())), sealingKey: SEALING, crypto: createDeterministicProvider({ seed: 12 }) })
    for (const [i, region] of ['us-east-1', 'eu-west-1'].entries()) {
      const described = JSON.parse((await again.handle({ target: 'TrentService.DescribeKey', body: '{"KeyId":"alias/app"}', region })).body) as { KeyMetadata: { KeyId: string } }
      expect(described.KeyMetadata.KeyId).toBe(ids[i])
    }
  })

  it('refuses one alias name twice in one Region', async () => {
    const { kms } = await withAliases()
    const saved = JSON.parse(JSON.stringify(kms.snapshot())) as { keys: { region: string }[] }
    for (const k of saved.keys) k.region = 'us-east-1'
    const [first, second] = saved.keys as [{ region: string; arn: string }, { region: string; arn: string }]
    first.arn = first.arn.replace(':eu-west-1:', ':us-east-1:')
    second.arn = second.arn.replace(':eu-west-1:', ':us-east-1:')
    const r = restoreEmulator({ state: saved, sealingKey: SEALING })
    expect(E.isLeft(r) && r.left.message).toBe('alias alias/app appears twice in us-east-1')
  })
})
