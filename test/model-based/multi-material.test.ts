/**
 * Model-based test of multiple key materials (the 2025-06-05 profile, docs/evidence.md §8): imports with
 * and without ImportType, on-demand rotation, ListKeyRotations, per-material deletion and expiry.
 * The model — one row per material — predicts every state, error tag and CurrentKeyMaterialId.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEmulator, type Emulator } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'
import { advanceClockCommand, call, expectOutcome } from './support.js'

const DAY = 86_400_000
const T0 = Date.parse('2026-06-01T00:00:00Z')
const NAMES = ['A', 'B', 'C', 'D'] as const
type Name = (typeof NAMES)[number]
const material = (n: Name): Uint8Array => new Uint8Array(32).fill(0x41 + NAMES.indexOf(n))
type State = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport'
type MatState = 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION'

interface MMat { readonly name: Name; state: MatState; present: boolean; validTo: number | undefined }
interface MKey { state: State; deleted: boolean; deletionDate: number | undefined; materials: MMat[]; rotations: number }
interface Model { now: number; keys: MKey[]; ciphertexts: { key: number; material: Name }[] }
interface Real { kms: Emulator; clock: ManualClock; ids: string[]; arns: string[]; materialIds: Map<string, string>; ciphertexts: string[] }

const permanent = (m: MMat): boolean => m.state !== 'PENDING_ROTATION'
const complete = (k: MKey): boolean => k.materials.some(permanent) && k.materials.filter(permanent).every((m) => m.present)
const current = (k: MKey): MMat | undefined => k.materials.find((m) => m.state === 'CURRENT')

const settle = (m: Model): void => {
  for (const k of m.keys) {
    if (k.deleted) continue
    const deletionAt = k.state === 'PendingDeletion' ? k.deletionDate : undefined
    const horizon = deletionAt !== undefined ? Math.min(deletionAt, m.now) : m.now
    let lost = false
    for (const mat of k.materials) {
      if (mat.present && mat.validTo !== undefined && horizon >= mat.validTo) {
        mat.present = false
        mat.validTo = undefined
        if (permanent(mat)) lost = true
      }
    }
    if (lost && k.state !== 'PendingDeletion' && !complete(k)) k.state = 'PendingImport'
    if (deletionAt !== undefined && m.now >= deletionAt) k.deleted = true
  }
}

const idOf = (r: Real, key: number, name: Name): string | undefined => r.materialIds.get(`${key}/${name}`)

/** DescribeKey of every key agrees with the model, CurrentKeyMaterialId included. */
const checkAll = async (m: Model, r: Real): Promise<void> => {
  for (const [i, k] of m.keys.entries()) {
    const res = await call(r.kms, 'DescribeKey', { KeyId: r.ids[i] })
    if (k.deleted) {
      expectOutcome(res, 'NotFoundException')
      continue
    }
    const meta = res.body.KeyMetadata as Record<string, unknown>
    expect(meta.KeyState).toBe(k.state)
    const cur = current(k)
    expect(meta.CurrentKeyMaterialId).toBe(cur === undefined ? undefined : idOf(r, i, cur.name))
    const expiries = k.materials.filter((x) => permanent(x) && x.present && x.validTo !== undefined).map((x) => x.validTo as number)
    expect(meta.ValidTo).toBe(expiries.length === 0 ? undefined : Math.min(...expiries) / 1000)
  }
}

abstract class KeyCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  i(m: Readonly<Model>): number {
    return this.index % m.keys.length
  }
  check(m: Readonly<Model>): boolean {
    return m.keys.length > 0
  }
  abstract run(m: Model, r: Real): Promise<void>
  abstract toString(): string
}

class Import extends KeyCommand {
  constructor(index: number, readonly name: Name, readonly importType: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL' | undefined, readonly validFor: number | undefined) {
    super(index)
  }
  async run(m: Model, r: Real): Promise<void> {
    const i = this.i(m)
    const k = m.keys[i] as MKey
    const params = await call(r.kms, 'GetParametersForImport', { KeyId: r.ids[i], WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
    const paramsTag = k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
    expectOutcome(params, paramsTag)
    if (paramsTag !== 'ok') return checkAll(m, r)
    const type = this.importType ?? (k.materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL')
    const existing = k.materials.find((x) => x.name === this.name)
    const tag = type === 'NEW_KEY_MATERIAL'
      ? existing !== undefined ? 'IncorrectKeyMaterialException' : k.materials.some((x) => x.state === 'PENDING_ROTATION') ? 'KMSInvalidStateException' : 'ok'
      : existing === undefined ? 'IncorrectKeyMaterialException' : 'ok'
    const wrapped = wrapKeyMaterial(new Uint8Array(Buffer.from(String(params.body.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', material(this.name))
    const res = await call(r.kms, 'ImportKeyMaterial', {
      KeyId: r.ids[i], ImportToken: params.body.ImportToken, EncryptedKeyMaterial: Buffer.from(wrapped).toString('base64'),
      ...(this.importType !== undefined ? { ImportType: this.importType } : {}),
      ...(this.validFor === undefined ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ValidTo: (m.now + this.validFor) / 1000 }),
    })
    expectOutcome(res, tag)
    if (tag === 'ok') {
      const id = String(res.body.KeyMaterialId)
      expect(id).toMatch(/^[a-f0-9]{64}$/)
      const known = idOf(r, i, this.name)
      if (known !== undefined) expect(id).toBe(known)
      r.materialIds.set(`${i}/${this.name}`, id)
      const validTo = this.validFor === undefined ? undefined : m.now + this.validFor
      if (existing !== undefined) {
        existing.present = true
        existing.validTo = validTo
      } else {
        k.materials.push({ name: this.name, state: k.materials.length === 0 ? 'CURRENT' : 'PENDING_ROTATION', present: true, validTo })
      }
      if (k.state === 'PendingImport' && complete(k)) k.state = 'Enabled'
    }
    await checkAll(m, r)
  }
  toString = (): string => `Import(#${this.index}, ${this.name}, ${this.importType ?? 'default'}, ${this.validFor === undefined ? 'no expiry' : `+${this.validFor}ms`})`
}

class Rotate extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const i = this.i(m)
    const k = m.keys[i] as MKey
    const pending = k.materials.find((x) => x.state === 'PENDING_ROTATION')
    const tag = k.deleted ? 'NotFoundException'
      : k.state === 'Disabled' ? 'DisabledException'
        : k.state !== 'Enabled' ? 'KMSInvalidStateException'
          : pending === undefined || !pending.present ? 'KMSInvalidStateException'
            : k.rotations >= 25 ? 'LimitExceededException' : 'ok'
    expectOutcome(await call(r.kms, 'RotateKeyOnDemand', { KeyId: r.ids[i] }), tag)
    if (tag === 'ok' && pending !== undefined) {
      for (const x of k.materials) if (x.state === 'CURRENT') x.state = 'NON_CURRENT'
      pending.state = 'CURRENT'
      k.rotations += 1
    }
    await checkAll(m, r)
  }
  toString = (): string => `RotateKeyOnDemand(#${this.index})`
}

class Delete extends KeyCommand {
  constructor(index: number, readonly name: Name | undefined) {
    super(index)
  }
  async run(m: Model, r: Real): Promise<void> {
    const i = this.i(m)
    const k = m.keys[i] as MKey
    const id = this.name === undefined ? undefined : idOf(r, i, this.name) ?? 'f'.repeat(64)
    const target = this.name === undefined ? current(k) : k.materials.find((x) => x.name === this.name)
    const tag = k.deleted ? 'NotFoundException' : this.name !== undefined && target === undefined ? 'NotFoundException' : 'ok'
    const res = await call(r.kms, 'DeleteImportedKeyMaterial', { KeyId: r.ids[i], ...(id !== undefined ? { KeyMaterialId: id } : {}) })
    expectOutcome(res, tag)
    if (tag === 'ok') {
      if (target !== undefined) {
        expect(res.body.KeyMaterialId).toBe(idOf(r, i, target.name))
        target.present = false
        target.validTo = undefined
      }
      if ((target === undefined || permanent(target)) && k.state !== 'PendingDeletion') k.state = 'PendingImport'
    }
    await checkAll(m, r)
  }
  toString = (): string => `DeleteImportedKeyMaterial(#${this.index}, ${this.name ?? 'current'})`
}

class ListRotations extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const i = this.i(m)
    const k = m.keys[i] as MKey
    const res = await call(r.kms, 'ListKeyRotations', { KeyId: r.ids[i], IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })
    expectOutcome(res, k.deleted ? 'NotFoundException' : 'ok')
    if (!k.deleted) {
      const rows = res.body.Rotations as Record<string, unknown>[]
      expect(rows.map((x) => [x.KeyMaterialId, x.KeyMaterialState, x.ImportState])).toEqual(
        k.materials.map((x) => [idOf(r, i, x.name), x.state, x.present ? 'IMPORTED' : 'PENDING_IMPORT']),
      )
    }
    await checkAll(m, r)
  }
  toString = (): string => `ListKeyRotations(#${this.index}, ALL_KEY_MATERIAL)`
}

class Encrypt extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const i = this.i(m)
    const k = m.keys[i] as MKey
    const tag = k.deleted ? 'NotFoundException' : k.state === 'Disabled' ? 'DisabledException' : k.state === 'Enabled' ? 'ok' : 'KMSInvalidStateException'
    const res = await call(r.kms, 'Encrypt', { KeyId: r.ids[i], Plaintext: Buffer.from(`pt-${m.ciphertexts.length}`).toString('base64') })
    expectOutcome(res, tag)
    const cur = current(k)
    if (tag === 'ok' && cur !== undefined) {
      r.ciphertexts.push(String(res.body.CiphertextBlob))
      m.ciphertexts.push({ key: i, material: cur.name })
    }
    await checkAll(m, r)
  }
  toString = (): string => `Encrypt(#${this.index})`
}

class Decrypt implements fc.AsyncCommand<Model, Real> {
  constructor(readonly which: number) {}
  check = (m: Readonly<Model>): boolean => m.ciphertexts.length > 0
  async run(m: Model, r: Real): Promise<void> {
    const c = this.which % m.ciphertexts.length
    const { key } = m.ciphertexts[c] as { key: number; material: Name }
    const k = m.keys[key] as MKey
    const tag = k.deleted ? 'NotFoundException' : k.state === 'Disabled' ? 'DisabledException' : k.state === 'Enabled' ? 'ok' : 'KMSInvalidStateException'
    const res = await call(r.kms, 'Decrypt', { CiphertextBlob: r.ciphertexts[c] })
    expectOutcome(res, tag)
    if (tag === 'ok') expect(Buffer.from(String(res.body.Plaintext), 'base64').toString()).toBe(`pt-${c}`)
    await checkAll(m, r)
  }
  toString = (): string => `Decrypt(ciphertext ${this.which})`
}

class SetEnabled extends KeyCommand {
  constructor(index: number, readonly enable: boolean) {
    super(index)
  }
  async run(m: Model, r: Real): Promise<void> {
    const k = m.keys[this.i(m)] as MKey
    const tag = k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' || k.state === 'PendingImport' ? 'KMSInvalidStateException' : 'ok'
    expectOutcome(await call(r.kms, this.enable ? 'EnableKey' : 'DisableKey', { KeyId: r.ids[this.i(m)] }), tag)
    if (tag === 'ok') k.state = this.enable ? 'Enabled' : 'Disabled'
    await checkAll(m, r)
  }
  toString = (): string => `${this.enable ? 'EnableKey' : 'DisableKey'}(#${this.index})`
}

class ScheduleThenMaybeCancel extends KeyCommand {
  constructor(index: number, readonly cancel: boolean) {
    super(index)
  }
  async run(m: Model, r: Real): Promise<void> {
    const k = m.keys[this.i(m)] as MKey
    if (!this.cancel) {
      const tag = k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
      expectOutcome(await call(r.kms, 'ScheduleKeyDeletion', { KeyId: r.ids[this.i(m)], PendingWindowInDays: 7 }), tag)
      if (tag === 'ok') {
        k.state = 'PendingDeletion'
        k.deletionDate = m.now + 7 * DAY
      }
    } else {
      const tag = k.deleted ? 'NotFoundException' : k.state !== 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
      expectOutcome(await call(r.kms, 'CancelKeyDeletion', { KeyId: r.ids[this.i(m)] }), tag)
      if (tag === 'ok') {
        k.state = complete(k) ? 'Disabled' : 'PendingImport'
        k.deletionDate = undefined
      }
    }
    await checkAll(m, r)
  }
  toString = (): string => `${this.cancel ? 'CancelKeyDeletion' : 'ScheduleKeyDeletion'}(#${this.index})`
}

const AdvanceClock = advanceClockCommand(settle, checkAll)

const keyIndex = fc.nat(2)
const name = fc.constantFrom(...NAMES)
const validFor = fc.option(fc.constantFrom(3_600_000, DAY, 10 * DAY), { nil: undefined, freq: 2 })
const importType = fc.constantFrom('NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL', undefined)
const importCommand = fc.tuple(keyIndex, name, importType, validFor).map(([i, n, t, v]) => new Import(i, n, t, v))
const commands = [
  importCommand, importCommand, importCommand, importCommand,
  keyIndex.map((i) => new Rotate(i)), keyIndex.map((i) => new Rotate(i)),
  fc.tuple(keyIndex, fc.option(name, { nil: undefined })).map(([i, n]) => new Delete(i, n)),
  keyIndex.map((i) => new ListRotations(i)),
  keyIndex.map((i) => new Encrypt(i)),
  fc.nat(20).map((i) => new Decrypt(i)),
  fc.tuple(keyIndex, fc.boolean()).map(([i, e]) => new SetEnabled(i, e)),
  fc.tuple(keyIndex, fc.boolean()).map(([i, c]) => new ScheduleThenMaybeCancel(i, c)),
  fc.constantFrom(1, 3_600_000, DAY, 8 * DAY).map((ms) => AdvanceClock(ms)),
]

describe('multiple key materials against a small model (profile 2025-06-05)', () => {
  it('predicts every state, error tag and CurrentKeyMaterialId across imports, rotations, listings, deletions, expiry and usage', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 50, size: '+1' }), fc.integer({ min: 1, max: 1_000_000 }), async (cmds, seed) => {
        const clock = manualClock(T0)
        const real: Real = { kms: createEmulator({ profile: '2025-06-05', clock, crypto: createDeterministicProvider({ seed }) }), clock, ids: [], arns: [], materialIds: new Map(), ciphertexts: [] }
        const model: Model = { now: T0, keys: [], ciphertexts: [] }
        for (let n = 0; n < 2; n++) {
          const res = await call(real.kms, 'CreateKey', { Origin: 'EXTERNAL' })
          expectOutcome(res, 'ok')
          const meta = res.body.KeyMetadata as { KeyId: string; Arn: string }
          real.ids.push(meta.KeyId)
          real.arns.push(meta.Arn)
          model.keys.push({ state: 'PendingImport', deleted: false, deletionDate: undefined, materials: [], rotations: 0 })
        }
        await fc.asyncModelRun(() => ({ model, real }), cmds)
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 80) },
    )
  })
})
