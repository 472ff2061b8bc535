/**
 * Model-based test of the key lifecycle (CONVENTIONS.md): fast-check generates sequences of
 * operations and clock moves; a model far simpler than the implementation (one small row per key)
 * predicts every resulting state and every error tag, and each command asserts them.
 */
import fc from 'fast-check'
import { describe, it, expect } from 'vitest'
import { createEmulator, type Emulator, type ProfileSelector } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'
import { advanceClockCommand, call as callKms, expectOutcome } from './support.js'

const DAY = 86_400_000
const T0 = Date.parse('2026-01-01T00:00:00Z')
const MATERIALS = { A: new Uint8Array(32).fill(0xa1), B: new Uint8Array(32).fill(0xb2) } as const
type MaterialName = keyof typeof MATERIALS
type State = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport'

/** The model: a row per key. */
interface MKey {
  readonly origin: 'EXTERNAL' | 'AWS_KMS'
  state: State
  deleted: boolean
  associated: MaterialName | undefined
  present: boolean
  validTo: number | undefined
  deletionDate: number | undefined
  tokenValidTo: number | undefined
}
interface Model {
  now: number
  keys: MKey[]
  ciphertexts: number[] // key index of each ciphertext
}
interface Real {
  kms: Emulator
  clock: ManualClock
  ids: string[]
  tokens: Map<number, { token: string; publicKey: Uint8Array }>
  ciphertexts: string[]
}

/** Applies the passage of time to the model: expiry, then the end of deletion waiting periods. */
const settle = (m: Model): void => {
  for (const k of m.keys) {
    if (k.deleted) continue
    const deletionAt = k.state === 'PendingDeletion' ? k.deletionDate : undefined
    const horizon = deletionAt !== undefined ? Math.min(deletionAt, m.now) : m.now
    if (k.present && k.validTo !== undefined && horizon >= k.validTo) {
      k.present = false
      k.validTo = undefined
      if (k.state !== 'PendingDeletion') k.state = 'PendingImport'
    }
    if (deletionAt !== undefined && m.now >= deletionAt) k.deleted = true
  }
}

const call = async (r: Real, op: string, req: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> => callKms(r.kms, op, req)

/** After every command: DescribeKey agrees with the model for every key. */
const checkAll = async (m: Model, r: Real): Promise<void> => {
  for (const [i, k] of m.keys.entries()) {
    const res = await call(r, 'DescribeKey', { KeyId: r.ids[i] })
    if (k.deleted) {
      expectOutcome(res, 'NotFoundException')
      continue
    }
    const meta = res.body.KeyMetadata as Record<string, unknown>
    expect(meta.KeyState).toBe(k.state)
    expect(meta.Enabled).toBe(k.state === 'Enabled')
    expect(meta.ValidTo).toBe(k.origin === 'EXTERNAL' && k.present && k.validTo !== undefined ? k.validTo / 1000 : undefined)
    expect(meta.ExpirationModel !== undefined).toBe(k.origin === 'EXTERNAL' && k.present)
  }
}

/** The state-table verdict shared by Enable/Disable (docs/evidence.md §2.1). */
const enableDisableTag = (k: MKey): string | 'ok' =>
  k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' || k.state === 'PendingImport' ? 'KMSInvalidStateException' : 'ok'
const usageTag = (k: MKey): string | 'ok' =>
  k.deleted ? 'NotFoundException' : k.state === 'Disabled' ? 'DisabledException' : k.state === 'Enabled' ? 'ok' : 'KMSInvalidStateException'

abstract class KeyCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  key(m: Model): MKey {
    return m.keys[this.index % m.keys.length] as MKey
  }
  id(m: Model, r: Real): string {
    return r.ids[this.index % m.keys.length] as string
  }
  check(m: Readonly<Model>): boolean {
    return m.keys.length > 0
  }
  abstract run(m: Model, r: Real): Promise<void>
  abstract toString(): string
}

class CreateKey implements fc.AsyncCommand<Model, Real> {
  constructor(readonly origin: 'EXTERNAL' | 'AWS_KMS') {}
  check = (m: Readonly<Model>): boolean => m.keys.length < 5
  async run(m: Model, r: Real): Promise<void> {
    const res = await call(r, 'CreateKey', { Origin: this.origin })
    expectOutcome(res, 'ok')
    r.ids.push(String((res.body.KeyMetadata as Record<string, unknown>).KeyId))
    m.keys.push({
      origin: this.origin, state: this.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled', deleted: false,
      associated: undefined, present: this.origin === 'AWS_KMS', validTo: undefined, deletionDate: undefined, tokenValidTo: undefined,
    })
    await checkAll(m, r)
  }
  toString = (): string => `CreateKey(${this.origin})`
}

class EnableKey extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m)
    const tag = enableDisableTag(k)
    expectOutcome(await call(r, 'EnableKey', { KeyId: this.id(m, r) }), tag)
    if (tag === 'ok') k.state = 'Enabled'
    await checkAll(m, r)
  }
  toString = (): string => `EnableKey(#${this.index})`
}

class DisableKey extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m)
    const tag = enableDisableTag(k)
    expectOutcome(await call(r, 'DisableKey', { KeyId: this.id(m, r) }), tag)
    if (tag === 'ok') k.state = 'Disabled'
    await checkAll(m, r)
  }
  toString = (): string => `DisableKey(#${this.index})`
}

class ScheduleKeyDeletion extends KeyCommand {
  constructor(index: number, readonly days: number) {
    super(index)
  }
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m)
    const tag = k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
    expectOutcome(await call(r, 'ScheduleKeyDeletion', { KeyId: this.id(m, r), PendingWindowInDays: this.days }), tag)
    if (tag === 'ok') {
      k.state = 'PendingDeletion'
      k.deletionDate = m.now + this.days * DAY
    }
    await checkAll(m, r)
  }
  toString = (): string => `ScheduleKeyDeletion(#${this.index}, ${this.days} days)`
}

class CancelKeyDeletion extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m)
    const tag = k.deleted ? 'NotFoundException' : k.state !== 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
    expectOutcome(await call(r, 'CancelKeyDeletion', { KeyId: this.id(m, r) }), tag)
    if (tag === 'ok') {
      k.state = k.origin === 'EXTERNAL' && !k.present ? 'PendingImport' : 'Disabled'
      k.deletionDate = undefined
    }
    await checkAll(m, r)
  }
  toString = (): string => `CancelKeyDeletion(#${this.index})`
}

class GetParametersForImport extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m)
    const tag = k.deleted ? 'NotFoundException' : k.origin !== 'EXTERNAL' ? 'UnsupportedOperationException' : k.state === 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
    const res = await call(r, 'GetParametersForImport', { KeyId: this.id(m, r), WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
    expectOutcome(res, tag)
    if (tag === 'ok') {
      expect(res.body.ParametersValidTo).toBe((m.now + DAY) / 1000)
      r.tokens.set(this.index % m.keys.length, { token: String(res.body.ImportToken), publicKey: new Uint8Array(Buffer.from(String(res.body.PublicKey), 'base64')) })
      k.tokenValidTo = m.now + DAY
    }
    await checkAll(m, r)
  }
  toString = (): string => `GetParametersForImport(#${this.index})`
}

class ImportKeyMaterial extends KeyCommand {
  constructor(index: number, readonly tokenOf: number, readonly material: MaterialName, readonly validToOffset: number | undefined) {
    super(index)
  }
  override check(m: Readonly<Model>): boolean {
    return m.keys.length > 0 && m.keys[this.tokenOf % m.keys.length]?.tokenValidTo !== undefined
  }
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m)
    const tokenIndex = this.tokenOf % m.keys.length
    const tokenKey = m.keys[tokenIndex] as MKey
    const { token, publicKey } = r.tokens.get(tokenIndex) as { token: string; publicKey: Uint8Array }
    const off = this.validToOffset
    const tag =
      off !== undefined && (off <= 0 || off > 365 * DAY) ? 'ValidationException'
        : k.deleted ? 'NotFoundException'
          : k.origin !== 'EXTERNAL' ? 'UnsupportedOperationException'
            : k.state === 'PendingDeletion' ? 'KMSInvalidStateException'
              : tokenIndex !== this.index % m.keys.length ? 'InvalidImportTokenException'
                : m.now >= (tokenKey.tokenValidTo ?? 0) ? 'ExpiredImportTokenException'
                  : k.associated !== undefined && k.associated !== this.material ? 'IncorrectKeyMaterialException'
                    : 'ok'
    const req: Record<string, unknown> = {
      KeyId: this.id(m, r),
      ImportToken: token,
      EncryptedKeyMaterial: Buffer.from(wrapKeyMaterial(publicKey, 'RSAES_OAEP_SHA_256', MATERIALS[this.material])).toString('base64'),
      ...(off === undefined ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ValidTo: (m.now + off) / 1000 }),
    }
    const res = await call(r, 'ImportKeyMaterial', req)
    expectOutcome(res, tag)
    if (tag === 'ok') {
      expect(res.body).toEqual({ KeyId: `arn:aws:kms:us-east-1:111122223333:key/${this.id(m, r)}` })
      k.associated = this.material
      k.present = true
      k.validTo = off === undefined ? undefined : m.now + off
      if (k.state === 'PendingImport') k.state = 'Enabled'
    }
    await checkAll(m, r)
  }
  toString = (): string => `ImportKeyMaterial(#${this.index}, token of #${this.tokenOf}, ${this.material}, validTo ${this.validToOffset === undefined ? 'never' : `now+${this.validToOffset}ms`})`
}

class DeleteImportedKeyMaterial extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m)
    const tag = k.deleted ? 'NotFoundException' : k.origin !== 'EXTERNAL' ? 'UnsupportedOperationException' : 'ok'
    expectOutcome(await call(r, 'DeleteImportedKeyMaterial', { KeyId: this.id(m, r) }), tag)
    if (tag === 'ok') {
      k.present = false
      k.validTo = undefined
      if (k.state !== 'PendingDeletion') k.state = 'PendingImport'
    }
    await checkAll(m, r)
  }
  toString = (): string => `DeleteImportedKeyMaterial(#${this.index})`
}

class Encrypt extends KeyCommand {
  async run(m: Model, r: Real): Promise<void> {
    const k = this.key(m)
    const tag = usageTag(k)
    const res = await call(r, 'Encrypt', { KeyId: this.id(m, r), Plaintext: Buffer.from(`pt-${m.ciphertexts.length}`).toString('base64') })
    expectOutcome(res, tag)
    if (tag === 'ok') {
      r.ciphertexts.push(String(res.body.CiphertextBlob))
      m.ciphertexts.push(this.index % m.keys.length)
    }
    await checkAll(m, r)
  }
  toString = (): string => `Encrypt(#${this.index})`
}

class Decrypt implements fc.AsyncCommand<Model, Real> {
  constructor(readonly which: number) {}
  check = (m: Readonly<Model>): boolean => m.ciphertexts.length > 0
  async run(m: Model, r: Real): Promise<void> {
    const i = this.which % m.ciphertexts.length
    const k = m.keys[m.ciphertexts[i] as number] as MKey
    const tag = usageTag(k)
    const res = await call(r, 'Decrypt', { CiphertextBlob: r.ciphertexts[i] })
    expectOutcome(res, tag)
    if (tag === 'ok') expect(Buffer.from(String(res.body.Plaintext), 'base64').toString()).toBe(`pt-${i}`)
    await checkAll(m, r)
  }
  toString = (): string => `Decrypt(ciphertext ${this.which})`
}

const AdvanceClock = advanceClockCommand(settle, checkAll)

const keyIndex = fc.nat(4)
const importCommand = fc
  .tuple(keyIndex, fc.nat(9), fc.constantFrom<MaterialName>('A', 'A', 'A', 'B'),
    fc.option(fc.oneof(fc.constantFrom(-1, 0, 1, 3_600_000, DAY, 365 * DAY, 365 * DAY + 1), fc.integer({ min: 1, max: 40 * DAY })), { nil: undefined }))
  .map(([i, t, mat, off]) => new ImportKeyMaterial(i, t < 7 ? i : t, mat, off))
const commands = [
  fc.constantFrom('EXTERNAL', 'AWS_KMS').map((o) => new CreateKey(o as 'EXTERNAL' | 'AWS_KMS')),
  keyIndex.map((i) => new EnableKey(i)),
  keyIndex.map((i) => new DisableKey(i)),
  fc.tuple(keyIndex, fc.integer({ min: 7, max: 30 })).map(([i, d]) => new ScheduleKeyDeletion(i, d)),
  keyIndex.map((i) => new CancelKeyDeletion(i)),
  // import-related commands weigh more: they are what this library is about
  keyIndex.map((i) => new GetParametersForImport(i)),
  keyIndex.map((i) => new GetParametersForImport(i)),
  importCommand,
  importCommand,
  importCommand,
  keyIndex.map((i) => new DeleteImportedKeyMaterial(i)),
  keyIndex.map((i) => new Encrypt(i)),
  keyIndex.map((i) => new Encrypt(i)),
  fc.nat(20).map((i) => new Decrypt(i)),
  fc.constantFrom(1, 999, 3_600_000, DAY - 1, DAY, 7 * DAY, 31 * DAY).map((ms) => AdvanceClock(ms)),
]

/** Every run starts with two EXTERNAL keys and one AWS_KMS key, in model and emulator alike. */
const setup = async (profile: string, seed: number): Promise<{ model: Model; real: Real }> => {
  const clock = manualClock(T0)
  const real: Real = { kms: createEmulator({ profile: profile as ProfileSelector, clock, crypto: createDeterministicProvider({ seed }) }), clock, ids: [], tokens: new Map(), ciphertexts: [] }
  const model: Model = { now: T0, keys: [], ciphertexts: [] }
  for (const origin of ['EXTERNAL', 'EXTERNAL', 'AWS_KMS'] as const) await new CreateKey(origin).run(model, real)
  return { model, real }
}

describe.each(['classic', '2023-10-10'])('the key lifecycle against a small model (profile %s)', (profile) => {
  it('predicts every state and error tag across CreateKey, Enable/Disable, Schedule/Cancel, GetParametersForImport, Import, Delete, Encrypt, Decrypt and clock moves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: '+1' }), fc.integer({ min: 1, max: 1_000_000 }), async (cmds, seed) => {
        const initial = await setup(profile, seed)
        await fc.asyncModelRun(() => initial, cmds)
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 100) },
    )
  })
})
