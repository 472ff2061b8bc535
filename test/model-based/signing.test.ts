/**
 * Model-based test of the keys that sign and MAC (docs/evidence.md §6, the usage rules in
 * docs/decisions.md), on the conformance kit's own commands: EXTERNAL RSA_2048 and ECC_NIST_P256
 * (SIGN_VERIFY) and HMAC_256 (GENERATE_VERIFY_MAC) keys receive fixture material, then sign,
 * verify, MAC and read their public keys. A model of a few lines per key (its spec, its state,
 * the material it holds) predicts every error tag, the public key and KeyState of every key
 * after every step.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEmulator, profile20231010 } from 'kms-key-import'
import {
  StepCommand, conformanceCommands, createSession, inProcessTarget, manualTimeline,
  type Expectation, type MaterialName, type Oracle, type Step,
} from 'kms-key-import/conformance'
import { createDeterministicProvider } from 'kms-key-import/testing'

const DAY = 86_400_000
const profile = profile20231010
const SPECS = ['RSA_2048', 'ECC_NIST_P256', 'HMAC_256'] as const
type Spec = (typeof SPECS)[number]

/** The model: a row per key. */
interface MKey {
  readonly spec: Spec
  state: 'PendingImport' | 'Enabled' | 'Disabled'
  material: MaterialName | undefined
}

/** The signing algorithms each spec accepts (of those the steps name). */
const signs = (spec: Spec, algorithm: string): boolean => (spec === 'RSA_2048' ? algorithm.startsWith('RSASSA_') : spec === 'ECC_NIST_P256' && algorithm === 'ECDSA_SHA_256')

/** Answers the model predicted, over every run ("Sign:ok", "Verify:KMSInvalidSignatureException", …), to show the rare ones were reached. */
const predicted = new Map<string, number>()

class SigningModel implements Oracle {
  readonly keys: MKey[] = []
  readonly tokens: number[] = [] // the key of each token
  readonly signatures: { readonly key: number; readonly message: number; readonly algorithm: string }[] = []
  readonly macs: { readonly key: number; readonly message: number }[] = []
  readonly ciphertextCount = 0

  get keyCount(): number {
    return this.keys.length
  }
  get tokenCount(): number {
    return this.tokens.length
  }
  get signatureCount(): number {
    return this.signatures.length
  }
  get macCount(): number {
    return this.macs.length
  }

  /** The usage gate: usage first, then the state. */
  static gate(k: MKey, usage: 'sign' | 'mac'): string | undefined {
    if ((usage === 'mac') !== (k.spec === 'HMAC_256')) return 'InvalidKeyUsageException'
    return k.state === 'PendingImport' ? 'KMSInvalidStateException' : k.state === 'Disabled' ? 'DisabledException' : undefined
  }

  apply(step: Step): { tag: string; members?: Record<string, unknown> } {
    const key = (n: number): [number, MKey] => [n % this.keys.length, this.keys[n % this.keys.length] as MKey]
    switch (step.op) {
      case 'CreateKey':
        this.keys.push({ spec: step.spec as Spec, state: 'PendingImport', material: undefined })
        return { tag: 'ok' }
      case 'GetParametersForImport':
        this.tokens.push(step.key % this.keys.length)
        return { tag: 'ok' }
      case 'ImportKeyMaterial': {
        const t = this.tokens[this.tokens.length - 1 - (step.token % this.tokens.length)] as number
        const [i, k] = step.key === undefined ? [t, this.keys[t] as MKey] : key(step.key)
        const off = step.validFor
        const tag = off !== undefined && (off <= 0 || off > 365 * DAY) ? 'ValidationException'
          : t !== i ? 'InvalidImportTokenException'
            : step.otherWrapping === true ? 'InvalidCiphertextException'
            : k.material !== undefined && k.material !== step.material ? 'IncorrectKeyMaterialException'
              : 'ok'
        if (tag === 'ok') {
          k.material = step.material
          if (k.state === 'PendingImport') k.state = 'Enabled'
        }
        return { tag }
      }
      case 'EnableKey': case 'DisableKey': {
        const [, k] = key(step.key)
        if (k.state === 'PendingImport') return { tag: 'KMSInvalidStateException' }
        k.state = step.op === 'EnableKey' ? 'Enabled' : 'Disabled'
        return { tag: 'ok' }
      }
      case 'GetPublicKey': {
        const [i, k] = key(step.key)
        // the key state first (a key without material is pending import), then the spec
        const tag = k.state === 'PendingImport' ? 'KMSInvalidStateException' : k.state === 'Disabled' ? 'DisabledException'
          : k.spec === 'HMAC_256' ? 'UnsupportedOperationException' : 'ok'
        return tag === 'ok' ? { tag, members: { KeyId: `arn:key#${i}`, KeySpec: k.spec, PublicKey: `<public key of material ${k.material ?? '?'} (${k.spec})>` } } : { tag }
      }
      case 'Sign': {
        const [i, k] = key(step.key)
        const algorithm = step.algorithm ?? (k.spec === 'RSA_2048' ? 'RSASSA_PSS_SHA_256' : 'ECDSA_SHA_256')
        const tag = SigningModel.gate(k, 'sign') ?? (signs(k.spec, algorithm) ? 'ok' : 'InvalidKeyUsageException')
        if (tag === 'ok') this.signatures.push({ key: i, message: step.message % 2, algorithm })
        return { tag }
      }
      case 'Verify': {
        const s = this.signatures[step.signature % this.signatures.length] as { key: number; message: number; algorithm: string }
        const [i, k] = step.key === undefined ? [s.key, this.keys[s.key] as MKey] : key(step.key)
        const message = step.message === undefined ? s.message : step.message % 2
        // one key per spec, and material never changes once imported: the signature is valid with its own key and message only
        const tag = SigningModel.gate(k, 'sign') ?? (!signs(k.spec, s.algorithm) ? 'InvalidKeyUsageException' : i === s.key && message === s.message ? 'ok' : 'KMSInvalidSignatureException')
        return tag === 'ok' ? { tag, members: { SignatureValid: true } } : { tag }
      }
      case 'GenerateMac': {
        const [i, k] = key(step.key)
        const tag = SigningModel.gate(k, 'mac') ?? ((step.algorithm ?? 'HMAC_SHA_256') === 'HMAC_SHA_256' ? 'ok' : 'InvalidKeyUsageException')
        if (tag === 'ok') this.macs.push({ key: i, message: step.message % 2 })
        return { tag }
      }
      case 'VerifyMac': {
        const m = this.macs[step.mac % this.macs.length] as { key: number; message: number }
        const [i, k] = step.key === undefined ? [m.key, this.keys[m.key] as MKey] : key(step.key)
        const message = step.message === undefined ? m.message : step.message % 2
        const tag = SigningModel.gate(k, 'mac') ?? (i === m.key && message === m.message ? 'ok' : 'KMSInvalidMacException')
        return tag === 'ok' ? { tag, members: { MacValid: true } } : { tag }
      }
      default:
        throw new RangeError(`the signing model has no rule for ${step.op}`)
    }
  }

  async predict(step: Step): Promise<Expectation> {
    const { tag, members } = this.apply(step)
    predicted.set(`${step.op}:${tag}`, (predicted.get(`${step.op}:${tag}`) ?? 0) + 1)
    return {
      exact: false,
      outcome: { status: tag === 'ok' ? 200 : 400, error: tag === 'ok' ? null : { type: tag }, ...(members !== undefined ? { members } : {}) },
      keys: this.keys.map((k) => ({ KeyState: k.state, KeySpec: k.spec })),
    }
  }
}

describe('keys that sign and MAC against a small model (profile 2023-10-10)', () => {
  it('predicts every error tag, public key and key state across imports, GetPublicKey, Sign, Verify, GenerateMac, VerifyMac, EnableKey and DisableKey', async () => {
    const commands = conformanceCommands({
      profile, timing: 'manual', maxKeyIndex: 2,
      wrappings: [{ algorithm: 'RSA_AES_KEY_WRAP_SHA_256', spec: 'RSA_2048' }],
      operations: ['GetParametersForImport', 'ImportKeyMaterial', 'GetPublicKey', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'EnableKey', 'DisableKey'],
      weights: { GetParametersForImport: 3, ImportKeyMaterial: 5, Sign: 2, Verify: 3, GenerateMac: 4, VerifyMac: 4 },
    })
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'max' }), async (cmds) => {
        const timeline = manualTimeline()
        const emulator = createEmulator({ profile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 4 }) })
        const real = { session: createSession({ target: inProcessTarget(emulator), profile, region: 'us-east-1', timeline }), timeline }
        const model = new SigningModel()
        for (const spec of SPECS) await new StepCommand({ op: 'CreateKey', origin: 'EXTERNAL', spec }).run(model, real)
        await fc.asyncModelRun(() => ({ model, real }), cmds)
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS ?? 150), seed: 11 },
    )
    for (const answer of ['GetPublicKey:ok', 'GetPublicKey:UnsupportedOperationException', 'Sign:ok', 'Sign:InvalidKeyUsageException', 'Verify:ok', 'Verify:KMSInvalidSignatureException',
      'GenerateMac:ok', 'GenerateMac:KMSInvalidStateException', 'VerifyMac:ok', 'VerifyMac:KMSInvalidMacException', 'Sign:DisabledException']) {
      expect(predicted.get(answer) ?? 0, `${answer} in ${JSON.stringify([...predicted].sort())}`).toBeGreaterThan(0)
    }
  })
})
