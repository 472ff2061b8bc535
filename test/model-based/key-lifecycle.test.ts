/**
 * Model-based test of the key lifecycle, on the conformance kit's own commands
 * (`kms-key-import/conformance`): fast-check generates sequences of steps and clock moves; the
 * emulator performs them through a session, and a model far simpler than the implementation (one
 * small row per key) is the oracle that predicts every error tag, the members that matter and
 * DescribeKey of every key after every step.
 */
import fc from 'fast-check'
import { describe, it } from 'vitest'
import { createEmulator, resolveProfile, type Profile } from 'kms-key-import'
import {
  LIFECYCLE_OPERATIONS, StepCommand, conformanceCommands, createSession, inProcessTarget, manualTimeline,
  type Expectation, type MaterialName, type Oracle, type Step, type StepContext,
} from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'

const DAY = 86_400_000
const T0 = Date.parse('2026-01-01T00:00:00Z')
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
}

/** Seconds since the run's start, as sessions report dates. */
const at = (ms: number): number => (ms - T0) / 1000

class LifecycleModel implements Oracle {
  readonly keys: MKey[] = []
  readonly tokens: { readonly key: number; readonly validTo: number }[] = []
  readonly ciphertexts: number[] = [] // the key of each ciphertext

  get keyCount(): number {
    return this.keys.length
  }
  get tokenCount(): number {
    return this.tokens.length
  }
  get ciphertextCount(): number {
    return this.ciphertexts.length
  }

  /** The passage of time: expiry, then the end of deletion waiting periods. */
  settle(now: number): void {
    for (const k of this.keys) {
      if (k.deleted) continue
      const deletionAt = k.state === 'PendingDeletion' ? k.deletionDate : undefined
      const horizon = deletionAt !== undefined ? Math.min(deletionAt, now) : now
      if (k.present && k.validTo !== undefined && horizon >= k.validTo) {
        k.present = false
        k.validTo = undefined
        if (k.state !== 'PendingDeletion') k.state = 'PendingImport'
      }
      if (deletionAt !== undefined && now >= deletionAt) k.deleted = true
    }
  }

  /** DescribeKey of every key, as far as the model knows it. */
  describe(): Record<string, unknown>[] {
    return this.keys.map((k) => {
      if (k.deleted) return { __type: 'NotFoundException' }
      const imported = k.origin === 'EXTERNAL' && k.present
      return {
        KeyState: k.state,
        Enabled: k.state === 'Enabled',
        Origin: k.origin,
        ValidTo: imported && k.validTo !== undefined ? at(k.validTo) : undefined,
        ExpirationModel: !imported ? undefined : k.validTo !== undefined ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      }
    })
  }

  /** The state-table verdict shared by Enable/Disable (docs/evidence.md §2.1). */
  static enableDisable(k: MKey): string {
    return k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' || k.state === 'PendingImport' ? 'KMSInvalidStateException' : 'ok'
  }
  static usage(k: MKey): string {
    return k.deleted ? 'NotFoundException' : k.state === 'Disabled' ? 'DisabledException' : k.state === 'Enabled' ? 'ok' : 'KMSInvalidStateException'
  }

  /** Applies a step; returns the predicted tag and response members. */
  apply(step: Step, now: number): { tag: string; members?: Record<string, unknown> } {
    if (step.op === 'Wait') return { tag: 'ok' }
    if (step.op === 'CreateKey') {
      this.keys.push({
        origin: step.origin, state: step.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled', deleted: false,
        associated: undefined, present: step.origin === 'AWS_KMS', validTo: undefined, deletionDate: undefined,
      })
      return { tag: 'ok', members: { KeyMetadata: { KeyState: step.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled', Origin: step.origin } } }
    }
    if (step.op === 'Decrypt') {
      const c = step.ciphertext % this.ciphertexts.length
      const key = this.ciphertexts[c] as number
      const tag = LifecycleModel.usage(this.keys[key] as MKey)
      return { tag, members: { KeyId: `arn:key#${key}`, Plaintext: Buffer.from(`pt-${c}`).toString('base64') } }
    }
    if (step.op === 'ImportKeyMaterial') {
      const token = this.tokens[this.tokens.length - 1 - (step.token % this.tokens.length)] as { key: number; validTo: number }
      const i = step.key === undefined ? token.key : step.key % this.keys.length
      const k = this.keys[i] as MKey
      const off = step.validFor
      const tag =
        off !== undefined && (off <= 0 || off > 365 * DAY) ? 'ValidationException'
          : k.deleted ? 'NotFoundException'
            : k.origin !== 'EXTERNAL' ? 'UnsupportedOperationException'
              : k.state === 'PendingDeletion' ? 'KMSInvalidStateException'
                : token.key !== i ? 'InvalidImportTokenException'
                  : now >= token.validTo ? 'ExpiredImportTokenException'
                    : step.otherWrapping === true ? 'InvalidCiphertextException'
                    : k.associated !== undefined && k.associated !== step.material ? 'IncorrectKeyMaterialException'
                      : 'ok'
      if (tag === 'ok') {
        k.associated = step.material
        k.present = true
        k.validTo = off === undefined ? undefined : now + off
        if (k.state === 'PendingImport') k.state = 'Enabled'
      }
      return { tag, members: { KeyId: `arn:key#${i}` } }
    }
    // runs of this model create symmetric keys only, so no signature or MAC exists to verify; its
    // runs leave out the operations around a key (aliases, …)
    if (step.op === 'Verify' || step.op === 'VerifyMac' || !('key' in step)) throw new RangeError(`${step.op} is not modelled`)
    const i = step.key % this.keys.length
    const k = this.keys[i] as MKey
    switch (step.op) {
      case 'DescribeKey':
        return { tag: k.deleted ? 'NotFoundException' : 'ok' }
      case 'EnableKey': case 'DisableKey': {
        const tag = LifecycleModel.enableDisable(k)
        if (tag === 'ok') k.state = step.op === 'EnableKey' ? 'Enabled' : 'Disabled'
        return { tag }
      }
      case 'ScheduleKeyDeletion': {
        const tag = k.deleted ? 'NotFoundException' : k.state === 'PendingDeletion' ? 'KMSInvalidStateException' : step.days < 7 || step.days > 30 ? 'ValidationException' : 'ok'
        if (tag !== 'ok') return { tag }
        k.state = 'PendingDeletion'
        k.deletionDate = now + step.days * DAY
        return { tag, members: { KeyId: `arn:key#${i}`, KeyState: 'PendingDeletion', PendingWindowInDays: step.days, DeletionDate: at(k.deletionDate) } }
      }
      case 'CancelKeyDeletion': {
        const tag = k.deleted ? 'NotFoundException' : k.state !== 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
        if (tag === 'ok') {
          k.state = k.origin === 'EXTERNAL' && !k.present ? 'PendingImport' : 'Disabled'
          k.deletionDate = undefined
        }
        return { tag }
      }
      case 'GetParametersForImport': {
        const tag = k.deleted ? 'NotFoundException' : k.origin !== 'EXTERNAL' ? 'UnsupportedOperationException' : k.state === 'PendingDeletion' ? 'KMSInvalidStateException' : 'ok'
        if (tag === 'ok') this.tokens.push({ key: i, validTo: now + DAY })
        return { tag, members: { KeyId: `arn:key#${i}`, ParametersValidTo: at(now + DAY) } }
      }
      case 'DeleteImportedKeyMaterial': {
        const tag = k.deleted ? 'NotFoundException' : k.origin !== 'EXTERNAL' ? 'UnsupportedOperationException' : 'ok'
        if (tag === 'ok') {
          k.present = false
          k.validTo = undefined
          if (k.state !== 'PendingDeletion') k.state = 'PendingImport'
        }
        return { tag }
      }
      case 'Encrypt': {
        const tag = LifecycleModel.usage(k)
        if (tag === 'ok') this.ciphertexts.push(i)
        return { tag, members: { KeyId: `arn:key#${i}`, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' } }
      }
      default:
        throw new RangeError(`the lifecycle model has no rule for ${step.op}`)
    }
  }

  async predict(step: Step, { now }: StepContext): Promise<Expectation> {
    this.settle(now)
    const { tag, members } = this.apply(step, now)
    return {
      exact: false,
      ...(step.op === 'Wait' ? {} : { outcome: { status: tag === 'ok' ? 200 : 400, error: tag === 'ok' ? null : { type: tag }, ...(members !== undefined ? { members } : {}) } }),
      keys: this.describe(),
    }
  }
}

describe.each(['classic', '2023-10-10'])('the key lifecycle against a small model (profile %s)', (name) => {
  const profile = resolveProfile(name) as Profile
  const commands = conformanceCommands({
    profile, timing: 'manual', keySpecs: ['SYMMETRIC_DEFAULT'], operations: LIFECYCLE_OPERATIONS,
    wrappings: [{ algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_2048' }, { algorithm: 'RSAES_OAEP_SHA_1', spec: 'RSA_2048' }],
  })
  it('predicts every state and error tag across CreateKey, Enable/Disable, Schedule/Cancel, GetParametersForImport, Import, Delete, Encrypt, Decrypt and clock moves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60, size: '+1' }), fc.integer({ min: 1, max: 1_000_000 }), async (cmds, seed) => {
        const timeline = manualTimeline(T0)
        const emulator = createEmulator({ profile, clock: timeline.clock, crypto: createDeterministicProvider({ seed }) })
        const real = { session: createSession({ target: inProcessTarget(emulator), profile, region: 'us-east-1', timeline }), timeline }
        const model = new LifecycleModel()
        // every run starts with two EXTERNAL keys and one AWS_KMS key
        for (const origin of ['EXTERNAL', 'EXTERNAL', 'AWS_KMS'] as const) await new StepCommand({ op: 'CreateKey', origin }).run(model, real)
        await fc.asyncModelRun(() => ({ model, real }), cmds)
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 100) },
    )
  })
})
