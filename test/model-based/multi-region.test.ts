/**
 * Model-based test of related multi-Region keys with imported material (docs/evidence.md §11):
 * fast-check generates sequences of replications, imports into a chosen Region, deletions of
 * material and of keys in one Region, encryptions in one Region decrypted in another, and clock
 * moves. The model is a small row per Region (state, whether the material is there, when the
 * transient state or the waiting period ends) and the one material the set is bound to; it
 * predicts every key's state in every Region and whether a ciphertext decrypts there, and each
 * command asserts the exact answer.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEmulator, type Emulator, type ProfileSelector } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'

const DAY = 86_400_000
const CREATING = 5_000
const T0 = Date.parse('2026-01-01T00:00:00Z')
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const
type Region = (typeof REGIONS)[number]
const PRIMARY: Region = 'us-east-1'
const MATERIALS = { A: new Uint8Array(32).fill(0xa1), B: new Uint8Array(32).fill(0xb2) } as const
type MaterialName = keyof typeof MATERIALS
type State = 'Creating' | 'PendingImport' | 'Enabled' | 'PendingDeletion' | 'PendingReplicaDeletion'

/** The model: a row per Region holding a related key. */
interface Row {
  state: State
  present: boolean
  creatingUntil: number | undefined
  deletionAt: number | undefined
}
interface Model {
  now: number
  rows: Partial<Record<Region, Row>>
  /** The material the set is bound to: the first imported into any related key. */
  bound: MaterialName | undefined
  /** When the last replica went (the primary's waiting period starts then). */
  lastReplicaGone: number | undefined
  ciphertexts: number
}
interface Real {
  kms: Emulator
  clock: ManualClock
  keyId: string
  ciphertexts: string[]
}

/** The call answered the model's prediction: success, or exactly this exception (HTTP 400). */
const expectOutcome = (res: { status: number; body: Record<string, unknown> }, tag: string): void => {
  if (tag === 'ok') expect(res.body.__type, JSON.stringify(res.body)).toBeUndefined()
  else expect(res.body.__type, JSON.stringify(res.body)).toBe(tag)
  expect(res.status).toBe(tag === 'ok' ? 200 : 400)
}

const call = async (r: Real, region: Region, op: string, req: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await r.kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(req), region })
  return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> }
}

const replicasLeft = (m: Model): boolean => REGIONS.some((r) => r !== PRIMARY && m.rows[r] !== undefined)

/** The passage of time: Creating ends, waiting periods end, a PendingReplicaDeletion primary starts its own. */
const settle = (m: Model): void => {
  for (const region of REGIONS) {
    const row = m.rows[region]
    if (row === undefined) continue
    if (row.state === 'Creating' && row.creatingUntil !== undefined && m.now >= row.creatingUntil) {
      row.state = 'PendingImport'
      row.creatingUntil = undefined
    }
    if (region !== PRIMARY && row.state === 'PendingDeletion' && row.deletionAt !== undefined && m.now >= row.deletionAt) {
      m.lastReplicaGone = Math.max(m.lastReplicaGone ?? -Infinity, row.deletionAt)
      delete m.rows[region]
    }
  }
  const primary = m.rows[PRIMARY]
  if (primary?.state === 'PendingReplicaDeletion' && !replicasLeft(m)) {
    primary.state = 'PendingDeletion'
    primary.deletionAt = (m.lastReplicaGone ?? m.now) + 7 * DAY
  }
  if (primary?.state === 'PendingDeletion' && primary.deletionAt !== undefined && m.now >= primary.deletionAt) delete m.rows[PRIMARY]
}

/** After every command: DescribeKey in every Region agrees with the model. */
const checkAll = async (m: Model, r: Real): Promise<void> => {
  for (const region of REGIONS) {
    const res = await call(r, region, 'DescribeKey', { KeyId: r.keyId })
    const row = m.rows[region]
    if (row === undefined) {
      expectOutcome(res, 'NotFoundException')
      continue
    }
    expectOutcome(res, 'ok')
    const meta = res.body.KeyMetadata as { KeyState: string; MultiRegionConfiguration: { PrimaryKey: { Region: string }; ReplicaKeys: { Region: string }[] } }
    expect(meta.KeyState, region).toBe(row.state)
    expect(meta.MultiRegionConfiguration.PrimaryKey.Region).toBe(PRIMARY)
    expect(meta.MultiRegionConfiguration.ReplicaKeys.map((k) => k.Region).sort()).toEqual(REGIONS.filter((x) => x !== PRIMARY && m.rows[x] !== undefined).sort())
  }
}

/** The answer of an operation that needs a usable key (Encrypt, Decrypt) in this row. */
const usable = (row: Row | undefined): string =>
  row === undefined ? 'NotFoundException' : row.state === 'Enabled' ? 'ok' : 'KMSInvalidStateException'

type Command = fc.AsyncCommand<Model, Real>

const replicate = (region: Region): Command => ({
  check: () => true,
  run: async (m, r) => {
    const primary = m.rows[PRIMARY]
    // only an Enabled primary is replicated (docs/evidence.md §11: PendingImport, PendingDeletion and
    // PendingReplicaDeletion are KMSInvalidStateException; the model has no Disabled key)
    const expected = primary === undefined ? 'NotFoundException'
      : primary.state !== 'Enabled' ? 'KMSInvalidStateException'
        : m.rows[region] !== undefined ? 'AlreadyExistsException' : 'ok'
    expectOutcome(await call(r, PRIMARY, 'ReplicateKey', { KeyId: r.keyId, ReplicaRegion: region }), expected)
    if (expected === 'ok') m.rows[region] = { state: 'Creating', present: false, creatingUntil: m.now + CREATING, deletionAt: undefined }
    await checkAll(m, r)
  },
  toString: () => `ReplicateKey(${region})`,
})

const importInto = (region: Region, material: MaterialName): Command => ({
  check: () => true,
  run: async (m, r) => {
    const row = m.rows[region]
    const params = await call(r, region, 'GetParametersForImport', { KeyId: r.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
    const paramsTag = row === undefined ? 'NotFoundException'
      : row.state === 'Creating' || row.state === 'PendingDeletion' || row.state === 'PendingReplicaDeletion' ? 'KMSInvalidStateException' : 'ok'
    expectOutcome(params, paramsTag)
    if (paramsTag !== 'ok' || row === undefined) return
    const wrapped = wrapKeyMaterial(new Uint8Array(Buffer.from(String(params.body.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', MATERIALS[material])
    const expected = m.bound !== undefined && m.bound !== material ? 'IncorrectKeyMaterialException' : 'ok'
    expectOutcome(await call(r, region, 'ImportKeyMaterial', {
      KeyId: r.keyId, ImportToken: params.body.ImportToken, EncryptedKeyMaterial: Buffer.from(wrapped).toString('base64'), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    }), expected)
    if (expected === 'ok') {
      m.bound = material
      row.present = true
      if (row.state === 'PendingImport') row.state = 'Enabled'
    }
    await checkAll(m, r)
  },
  toString: () => `Import(${region}, ${material})`,
})

const deleteMaterial = (region: Region): Command => ({
  check: () => true,
  run: async (m, r) => {
    const row = m.rows[region]
    const expected = row === undefined ? 'NotFoundException' : row.state === 'Creating' ? 'KMSInvalidStateException' : 'ok'
    expectOutcome(await call(r, region, 'DeleteImportedKeyMaterial', { KeyId: r.keyId }), expected)
    if (expected === 'ok' && row !== undefined) {
      row.present = false
      if (row.state === 'Enabled') row.state = 'PendingImport'
    }
    await checkAll(m, r)
  },
  toString: () => `DeleteImportedKeyMaterial(${region})`,
})

const scheduleDeletion = (region: Region): Command => ({
  check: () => true,
  run: async (m, r) => {
    const row = m.rows[region]
    const expected = row === undefined ? 'NotFoundException' : row.state === 'PendingDeletion' || row.state === 'PendingReplicaDeletion' ? 'KMSInvalidStateException' : 'ok'
    expectOutcome(await call(r, region, 'ScheduleKeyDeletion', { KeyId: r.keyId, PendingWindowInDays: 7 }), expected)
    if (expected === 'ok' && row !== undefined) {
      row.creatingUntil = undefined
      if (region === PRIMARY && replicasLeft(m)) {
        row.state = 'PendingReplicaDeletion'
        row.deletionAt = undefined
      } else {
        row.state = 'PendingDeletion'
        row.deletionAt = m.now + 7 * DAY
      }
    }
    await checkAll(m, r)
  },
  toString: () => `ScheduleKeyDeletion(${region})`,
})

/** Encrypt in one Region; the ciphertext is kept for Decrypt in any Region. */
const encryptIn = (region: Region): Command => ({
  check: () => true,
  run: async (m, r) => {
    const expected = usable(m.rows[region])
    const res = await call(r, region, 'Encrypt', { KeyId: r.keyId, Plaintext: Buffer.from('hello').toString('base64') })
    expectOutcome(res, expected)
    if (expected === 'ok') {
      r.ciphertexts.push(String(res.body.CiphertextBlob))
      m.ciphertexts += 1
    }
  },
  toString: () => `Encrypt(${region})`,
})

/** Decrypt the latest ciphertext in a Region: it decrypts wherever the related key is Enabled (it holds the one material). */
const decryptIn = (region: Region): Command => ({
  check: (m) => m.ciphertexts > 0,
  run: async (m, r) => {
    const expected = usable(m.rows[region])
    const res = await call(r, region, 'Decrypt', { CiphertextBlob: r.ciphertexts[r.ciphertexts.length - 1] })
    expectOutcome(res, expected)
    if (expected === 'ok') expect(Buffer.from(String(res.body.Plaintext), 'base64').toString()).toBe('hello')
  },
  toString: () => `Decrypt(${region})`,
})

/** The model and the emulator's manual clock move by the same `ms`; the model settles; every Region is checked. */
const advanceClock = (ms: number): Command => ({
  check: () => true,
  run: async (m, r) => {
    m.now += ms
    r.clock.advance(ms)
    settle(m)
    await checkAll(m, r)
  },
  toString: () => `AdvanceClock(${ms}ms)`,
})

const region = fc.constantFrom(...REGIONS)
const commands = [
  region.filter((x) => x !== PRIMARY).map(replicate),
  fc.tuple(region, fc.constantFrom<MaterialName>('A', 'B')).map(([x, material]) => importInto(x, material)),
  region.map(deleteMaterial),
  region.map(scheduleDeletion),
  region.map(encryptIn),
  region.map(decryptIn),
  fc.constantFrom(1_000, CREATING, DAY, 7 * DAY).map(advanceClock),
]

const setup = async (profile: string, seed: number): Promise<{ model: Model; real: Real }> => {
  const clock = manualClock(T0)
  const kms = createEmulator({ profile: profile as ProfileSelector, clock, crypto: createDeterministicProvider({ seed }), region: PRIMARY })
  const created = await kms.handle({ target: 'TrentService.CreateKey', body: JSON.stringify({ Origin: 'EXTERNAL', MultiRegion: true }) })
  const keyId = (JSON.parse(created.body) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId
  const model: Model = { now: T0, rows: { [PRIMARY]: { state: 'PendingImport', present: false, creatingUntil: undefined, deletionAt: undefined } }, bound: undefined, lastReplicaGone: undefined, ciphertexts: 0 }
  return { model, real: { kms, clock, keyId, ciphertexts: [] } }
}

describe.each(['classic', '2025-06-05'])('multi-Region keys with imported material, model-based (%s)', (profile) => {
  it('every key state in every Region and every decryption match the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: '+1' }), fc.integer({ min: 1, max: 1_000_000 }), async (cmds, seed) => {
        const initial = await setup(profile, seed)
        try {
          await fc.asyncModelRun(() => initial, cmds)
        } finally {
          initial.real.kms.close()
        }
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 40) },
    )
  })
})
