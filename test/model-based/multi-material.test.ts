/**
 * Model-based test of multiple key materials (the 2025-06-05 profile, docs/evidence.md §8), on the
 * conformance kit's own commands: imports with and without ImportType, on-demand rotation,
 * ListKeyRotations, per-material deletion, expiry and usage. The model — one row per material —
 * is the oracle of every state, error tag, KeyMaterialId and CurrentKeyMaterialId.
 *
 * The rotation limit is data (`limits.maxOnDemandRotations`, 25 on AWS): four material names allow
 * at most three rotations per key, so the model runs against the 2025-06-05 profile with a limit
 * of one, and the test checks that LimitExceededException was reached.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEmulator, profile20250605, type Profile } from 'kms-key-import'
import {
  StepCommand, conformanceCommands, createSession, inProcessTarget, manualTimeline,
  type Expectation, type MaterialName, type Oracle, type Step, type StepContext,
} from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'

const DAY = 86_400_000
const T0 = Date.parse('2026-06-01T00:00:00Z')
const ROTATION_LIMIT = 1
const profile: Profile = { ...profile20250605, limits: { ...profile20250605.limits, maxOnDemandRotations: ROTATION_LIMIT } }
type State = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport'
type MatState = 'CURRENT' | 'NON_CURRENT' | 'PENDING_ROTATION'

interface MMat { readonly name: MaterialName; state: MatState; present: boolean; validTo: number | undefined }
interface MKey { state: State; deleted: boolean; deletionDate: number | undefined; materials: MMat[]; rotations: number }

const permanent = (m: MMat): boolean => m.state !== 'PENDING_ROTATION'
const complete = (k: MKey): boolean => k.materials.some(permanent) && k.materials.filter(permanent).every((m) => m.present)
const current = (k: MKey): MMat | undefined => k.materials.find((m) => m.state === 'CURRENT')
/** The label sessions give the KeyMaterialId of material `name` imported into key `i`. */
const label = (i: number, name: MaterialName): string => `material(key#${i},${name})`
const at = (ms: number): number => (ms - T0) / 1000
const usage = (k: MKey): string => (k.deleted ? 'NotFoundException' : k.state === 'Disabled' ? 'DisabledException' : k.state === 'Enabled' ? 'ok' : 'KMSInvalidStateException')

/** Tags the model predicted, over every run (to show the rare ones were reached). */
const predicted = new Map<string, number>()

class MaterialsModel implements Oracle {
  readonly keys: MKey[] = []
  readonly tokens: { readonly key: number; readonly validTo: number }[] = []
  readonly ciphertexts: { readonly key: number; readonly material: MaterialName }[] = []

  get keyCount(): number {
    return this.keys.length
  }
  get tokenCount(): number {
    return this.tokens.length
  }
  get ciphertextCount(): number {
    return this.ciphertexts.length
  }

  settle(now: number): void {
    for (const k of this.keys) {
      if (k.deleted) continue
      const deletionAt = k.state === 'PendingDeletion' ? k.deletionDate : undefined
      const horizon = deletionAt !== undefined ? Math.min(deletionAt, now) : now
      let lost = false
      for (const mat of k.materials) {
        if (mat.present && mat.validTo !== undefined && horizon >= mat.validTo) {
          mat.present = false
          mat.validTo = undefined
          if (permanent(mat)) lost = true
        }
      }
      if (lost && k.state !== 'PendingDeletion' && !complete(k)) k.state = 'PendingImport'
      if (deletionAt !== undefined && now >= deletionAt) k.deleted = true
    }
  }

  /** DescribeKey of every key: state, CurrentKeyMaterialId and the earliest expiry of permanent material. */
  describe(): Record<string, unknown>[] {
    return this.keys.map((k, i) => {
      if (k.deleted) return { __type: 'NotFoundException' }
      const cur = current(k)
      const expiries = k.materials.filter((x) => permanent(x) && x.present && x.validTo !== undefined).map((x) => x.validTo as number)
      return { KeyState: k.state, CurrentKeyMaterialId: cur === undefined ? undefined : label(i, cur.name), ValidTo: expiries.length === 0 ? undefined : at(Math.min(...expiries)) }
    })
  }

  apply(step: Step, now: number): { tag: string; members?: Record<string, unknown> } {
    switch (step.op) {
      case 'Wait': return { tag: 'ok' }
      case 'CreateKey':
        this.keys.push({ state: 'PendingImport', deleted: false, deletionDate: undefined, materials: [], rotations: 0 })
        return { tag: 'ok' }
      case 'Decrypt': {
        const c = step.ciphertext % this.ciphertexts.length
        const { key } = this.ciphertexts[c] as { key: number }
        return { tag: usage(this.keys[key] as MKey), members: { Plaintext: Buffer.from(`pt-${c}`).toString('base64') } }
      }
      case 'ImportKeyMaterial': {
        const token = this.tokens[this.tokens.length - 1 - (step.token % this.tokens.length)] as { key: number; validTo: number }
        const i = step.key === undefined ? token.key : step.key % this.keys.length
        const k = this.keys[i] as MKey
        const off = step.validFor
        const type = step.importType ?? (k.materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL')
        const existing = k.materials.find((x) => x.name === step.material)
        const tag =
          off !== undefined && (off <= 0 || off > 365 * DAY) ? 'ValidationException'
            : k.deleted ? 'NotFoundException'
              : k.state === 'PendingDeletion' ? 'KMSInvalidStateException'
                : token.key !== i ? 'InvalidImportTokenException'
                  : now >= token.validTo ? 'ExpiredImportTokenException'
                    : step.otherWrapping === true ? 'InvalidCiphertextException'
                    : type === 'NEW_KEY_MATERIAL'
                      ? existing !== undefined ? 'IncorrectKeyMaterialException' : k.materials.some((x) => x.state === 'PENDING_ROTATION') ? 'KMSInvalidStateException' : 'ok'
                      : existing === undefined ? 'IncorrectKeyMaterialException' : 'ok'
        if (tag !== 'ok') return { tag }
        const validTo = off === undefined ? undefined : now + off
        if (existing !== undefined) {
          existing.present = true
          existing.validTo = validTo
        } else {
          k.materials.push({ name: step.material, state: k.materials.length === 0 ? 'CURRENT' : 'PENDING_ROTATION', present: true, validTo })
        }
        if (k.state === 'PendingImport' && complete(k)) k.state = 'Enabled'
        return { tag, members: { KeyId: `arn:key#${i}`, KeyMaterialId: label(i, step.material) } }
      }
      default:
        break
    }
    // runs of this model create symmetric keys only, so no signature or MAC exists to verify; its
    // runs leave out the operations around a key (aliases, …)
    if (step.op === 'Verify' || step.op === 'VerifyMac' || !('key' in step)) throw new RangeError(`${step.op} is not modelled`)
    const i = step.key % this.keys.length
    const k = this.keys[i] as MKey
    switch (step.op) {
      case 'DescribeKey': return { tag: k.deleted ? 'NotFoundException' : 'ok' }
      case 'GetParametersForImport': {
        const tag = k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
        if (tag === 'ok') this.tokens.push({ key: i, validTo: now + DAY })
        return { tag, members: { ParametersValidTo: at(now + DAY) } }
      }
      case 'RotateKeyOnDemand': {
        const pending = k.materials.find((x) => x.state === 'PENDING_ROTATION')
        const tag = k.deleted ? 'NotFoundException'
          : k.state === 'Disabled' ? 'DisabledException'
            : k.state !== 'Enabled' ? 'KMSInvalidStateException'
              : pending === undefined || !pending.present ? 'KMSInvalidStateException'
                : k.rotations >= ROTATION_LIMIT ? 'LimitExceededException' : 'ok'
        if (tag === 'ok' && pending !== undefined) {
          for (const x of k.materials) if (x.state === 'CURRENT') x.state = 'NON_CURRENT'
          pending.state = 'CURRENT'
          k.rotations += 1
        }
        return { tag }
      }
      case 'DeleteImportedKeyMaterial': {
        const target = step.material === undefined ? current(k) : k.materials.find((x) => x.name === step.material)
        const tag = k.deleted ? 'NotFoundException' : step.material !== undefined && target === undefined ? 'NotFoundException' : 'ok'
        if (tag !== 'ok') return { tag }
        if (target !== undefined) {
          target.present = false
          target.validTo = undefined
        }
        if ((target === undefined || permanent(target)) && k.state !== 'PendingDeletion') k.state = 'PendingImport'
        return { tag, members: target === undefined ? {} : { KeyMaterialId: label(i, target.name) } }
      }
      case 'ListKeyRotations':
        if (k.deleted) return { tag: 'NotFoundException' }
        return { tag: 'ok', members: { Rotations: k.materials.map((x) => ({ KeyMaterialId: label(i, x.name), KeyMaterialState: x.state, ImportState: x.present ? 'IMPORTED' : 'PENDING_IMPORT' })) } }
      case 'Encrypt': {
        const tag = usage(k)
        const cur = current(k)
        if (tag === 'ok' && cur !== undefined) this.ciphertexts.push({ key: i, material: cur.name })
        return { tag }
      }
      case 'EnableKey': case 'DisableKey': {
        const tag = k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' || k.state === 'PendingImport' ? 'KMSInvalidStateException' : 'ok'
        if (tag === 'ok') k.state = step.op === 'EnableKey' ? 'Enabled' : 'Disabled'
        return { tag }
      }
      case 'ScheduleKeyDeletion': {
        const tag = k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' ? 'KMSInvalidStateException' : step.days < 7 || step.days > 30 ? 'ValidationException' : 'ok'
        if (tag === 'ok') {
          k.state = 'PendingDeletion'
          k.deletionDate = now + step.days * DAY
        }
        return { tag }
      }
      case 'CancelKeyDeletion': {
        const tag = k.deleted ? 'NotFoundException' : k.state !== 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
        if (tag === 'ok') {
          k.state = complete(k) ? 'Disabled' : 'PendingImport'
          k.deletionDate = undefined
        }
        return { tag }
      }
      default:
        throw new RangeError('the materials model has no rule for this step')
    }
  }

  async predict(step: Step, { now }: StepContext): Promise<Expectation> {
    this.settle(now)
    const { tag, members } = this.apply(step, now)
    predicted.set(tag, (predicted.get(tag) ?? 0) + 1)
    return {
      exact: false,
      ...(step.op === 'Wait' ? {} : { outcome: { status: tag === 'ok' ? 200 : 400, error: tag === 'ok' ? null : { type: tag }, ...(members !== undefined ? { members } : {}) } }),
      keys: this.describe(),
    }
  }
}

/** A model-based run of these commands: two EXTERNAL keys first, then the generated steps. */
const modelRun = (commands: fc.Arbitrary<fc.AsyncCommand<Oracle, { session: ReturnType<typeof createSession>; timeline: ReturnType<typeof manualTimeline> }>>[], maxCommands: number) =>
  fc.asyncProperty(fc.commands(commands, { maxCommands, size: 'max' }), fc.integer({ min: 1, max: 1_000_000 }), async (cmds, seed) => {
    const timeline = manualTimeline(T0)
    const emulator = createEmulator({ profile, clock: timeline.clock, crypto: createDeterministicProvider({ seed }) })
    const real = { session: createSession({ target: inProcessTarget(emulator), profile, region: 'us-east-1', timeline }), timeline }
    const model = new MaterialsModel()
    for (let n = 0; n < 2; n++) await new StepCommand({ op: 'CreateKey', origin: 'EXTERNAL' }).run(model, real)
    await fc.asyncModelRun(() => ({ model, real }), cmds)
  })

const wrappings = [{ algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' }] as const

describe('multiple key materials against a small model (profile 2025-06-05)', () => {
  it('predicts every state, error tag and CurrentKeyMaterialId across imports, rotations, listings, deletions, expiry and usage', async () => {
    const commands = conformanceCommands({
      profile, timing: 'manual', wrappings, keySpecs: ['SYMMETRIC_DEFAULT'],
      operations: ['GetParametersForImport', 'ImportKeyMaterial', 'RotateKeyOnDemand', 'DeleteImportedKeyMaterial', 'ListKeyRotations', 'Encrypt', 'Decrypt',
        'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'DescribeKey', 'Wait'],
      weights: { GetParametersForImport: 4, ImportKeyMaterial: 8, RotateKeyOnDemand: 4, ScheduleKeyDeletion: 1, CancelKeyDeletion: 1, DisableKey: 1, DeleteImportedKeyMaterial: 1, Encrypt: 1, Wait: 1 },
    })
    await fc.assert(modelRun(commands, 60), { numRuns: Number(process.env.FC_NUM_RUNS ?? 80) })
  })

  it('reaches the rotation limit (LimitExceededException) through imports of new material and rotations', async () => {
    predicted.clear()
    const commands = conformanceCommands({ profile, timing: 'manual', wrappings, keySpecs: ['SYMMETRIC_DEFAULT'], operations: ['GetParametersForImport', 'ImportKeyMaterial', 'RotateKeyOnDemand', 'ListKeyRotations'] })
    await fc.assert(modelRun(commands, 40), { numRuns: Number(process.env.FC_NUM_RUNS ?? 100) })
    expect(predicted.get('LimitExceededException') ?? 0, JSON.stringify([...predicted])).toBeGreaterThan(0)
  })
})
