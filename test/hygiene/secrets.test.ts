/**
 * Secret hygiene (secrets live behind opaque holders: src/model/secret.ts, docs/security.md): key material, wrapping
 * private keys and the sealing key never appear in any output of the library.
 *
 * Random command sequences (model-based style: fc.commands over a small model of which keys exist)
 * drive a real HTTP endpoint (`serve`, deterministic provider, manual clock, a known sealing key,
 * a log sink) through every operation — imports that succeed, imports of corrupted, wrong-size
 * and mis-wrapped material, deletions, rotations, expiry, usage, junk requests. Every secret the
 * run involves is recorded: each material the client wrapped (accepted or not), every material the
 * store holds (generated ones included, read through the library's internals), the private
 * components of every wrapping key the deterministic provider can hand out, the sealing key and the
 * material-id secret derived from it. Every output is recorded: response bodies and headers, the
 * endpoint's log lines, `JSON.stringify` / `util.inspect(…, {depth: Infinity, showHidden: true})` /
 * `String()` of the store, its records, materials and secrets after every change, DescribeKey and
 * ListKeyRotations answers, `invoke` results, model events, and the messages and stacks of thrown
 * errors. The scanner (`scanner.ts`) then looks for every secret in every output, in any encoding.
 */
import { createECDH, createPrivateKey } from 'node:crypto'
import { Agent, request } from 'node:http'
import { inspect } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allKeys, createEmulator, profiles, type KmsEvent, type ProfileName, type WrappingAlgorithm } from 'kms-key-import'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, fixtureRsaKeyPairs, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'
import { materialIdSecret } from '../../src/material/material-id.js'
import { revealSecret, Secret } from '../../src/model/secret.js'
import { anyJson, printJson } from '../fuzz/arbitraries.js'
import { findLeaks, privateKeySecrets, type SecretBytes } from './scanner.js'

const T0 = Date.parse('2026-09-01T00:00:00.000Z')
const DAY = 86_400_000
const RUNS_PER_PROFILE = 10
const SEALING_KEY = new Uint8Array(32).map((_, i) => (i * 73 + 29) & 0xff)

/** What every run must keep secret from the start: wrapping private keys, sealing key, id secret. */
const STANDING_SECRETS: readonly SecretBytes[] = [
  ...(['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).flatMap((spec) => fixtureRsaKeyPairs(spec).flatMap((p, i) => privateKeySecrets(`wrapping key ${spec}#${i}`, p.privateKey))),
  { label: 'sealing key', bytes: SEALING_KEY },
  { label: 'material-id secret', bytes: materialIdSecret(Secret.of(SEALING_KEY)) },
]

type KeyKind = 'ext-sym' | 'aws-sym' | 'ext-hmac' | 'aws-hmac' | 'ext-ecc'

interface Model {
  readonly profile: ProfileName
  kinds: KeyKind[]
  ciphertexts: number
}

interface Params {
  readonly algorithm: WrappingAlgorithm
  readonly token: string
  readonly publicKey: Uint8Array
}

interface Real {
  readonly server: RunningServer
  readonly agent: Agent
  readonly clock: ManualClock
  readonly logLines: string[]
  readonly events: KmsEvent[]
  readonly outputs: [string, string][]
  readonly secrets: SecretBytes[]
  readonly ids: string[]
  readonly params: Map<number, Params>
  readonly ciphertexts: string[]
  lastStore: unknown
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64')

/** One HTTP request to the endpoint; its status, headers and body become outputs. */
const call = (r: Real, operation: string, body: string): Promise<Record<string, unknown>> =>
  new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: r.server.port, method: 'POST', path: '/', agent: r.agent,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        r.outputs.push([`${operation} response`, `${res.statusCode} ${JSON.stringify(res.headers)} ${text}`])
        try {
          resolve(JSON.parse(text) as Record<string, unknown>)
        } catch {
          resolve({})
        }
      })
    })
    req.on('error', reject)
    req.end(body)
  })

const callJson = (r: Real, operation: string, body: unknown): Promise<Record<string, unknown>> => call(r, operation, JSON.stringify(body))

/** Records the store as every printer shows it (when it changed), and every material it holds as a secret. */
const snapshot = (r: Real, after: string): void => {
  const store = r.server.emulator.store()
  if (store === r.lastStore) return
  r.lastStore = store
  r.outputs.push([`JSON.stringify(store) after ${after}`, JSON.stringify(store)])
  r.outputs.push([`inspect(store) after ${after}`, inspect(store, { depth: Infinity, showHidden: true })])
  for (const k of allKeys(store)) {
    r.outputs.push([`record ${k.keyId} after ${after}`, `${JSON.stringify(k)}\n${inspect(k, { depth: Infinity, showHidden: true })}\n${String(k)}`])
    for (const m of k.materials) {
      r.outputs.push([`material ${m.keyMaterialId} after ${after}`, `${JSON.stringify(m)} ${inspect(m, { depth: Infinity, showHidden: true })} ${String(m.secret)} ${m.secret === undefined ? '' : `${m.secret}`} ${inspect(m.secret, { showHidden: true, customInspect: true })}`])
      if (m.secret === undefined) continue
      const label = `stored material of ${k.keyId} (${k.keySpec}, ${k.origin})`
      // asymmetric material is a PKCS#8 private key, which also holds its public half: look for the DER and the private components
      if (k.keySpec === 'SYMMETRIC_DEFAULT' || k.keySpec.startsWith('HMAC_')) r.secrets.push({ label, bytes: revealSecret(m.secret) })
      else r.secrets.push(...privateKeySecrets(label, revealSecret(m.secret)))
    }
  }
}

/** EC P-256 private key material (PKCS#8 DER) from 32 bytes used as the scalar. */
const ecPkcs8 = (seed: Uint8Array): Uint8Array => {
  const scalar = Uint8Array.from(seed)
  scalar[0] = (scalar[0] ?? 0) & 0x7f | 0x01 // below the group order
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(scalar)
  const pub = ecdh.getPublicKey()
  const jwk = { kty: 'EC', crv: 'P-256', d: Buffer.from(scalar).toString('base64url'), x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') }
  return new Uint8Array(createPrivateKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'pkcs8' }))
}

abstract class KeyCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check(m: Readonly<Model>): boolean {
    return m.kinds.length > 0
  }
  i(m: Model): number {
    return this.index % m.kinds.length
  }
  id(m: Model, r: Real): string {
    return r.ids[this.i(m)] as string
  }
  abstract run(m: Model, r: Real): Promise<void>
  abstract toString(): string
}

class CreateKey implements fc.AsyncCommand<Model, Real> {
  constructor(readonly kind: KeyKind) {}
  check = (m: Readonly<Model>): boolean => m.kinds.length < 6 && (m.profile !== 'classic' || this.kind === 'ext-sym' || this.kind === 'aws-sym' || this.kind === 'aws-hmac')
  async run(m: Model, r: Real): Promise<void> {
    const body = {
      'ext-sym': { Origin: 'EXTERNAL' },
      'aws-sym': {},
      'ext-hmac': { Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
      'aws-hmac': { KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' },
      'ext-ecc': { Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
    }[this.kind]
    const res = await callJson(r, 'CreateKey', body)
    r.ids.push(String((res.KeyMetadata as Record<string, unknown>).KeyId))
    m.kinds.push(this.kind)
    snapshot(r, this.toString())
  }
  toString = (): string => `CreateKey(${this.kind})`
}

class GetParameters extends KeyCommand {
  constructor(index: number, readonly pick: number) {
    super(index)
  }
  async run(m: Model, r: Real): Promise<void> {
    const kind = m.kinds[this.i(m)] as KeyKind
    const algorithms: WrappingAlgorithm[] = m.profile === 'classic'
      ? ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5']
      : kind === 'ext-ecc' ? ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'] : ['RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSAES_OAEP_SHA_1']
    const algorithm = algorithms[this.pick % algorithms.length] as WrappingAlgorithm
    const res = await callJson(r, 'GetParametersForImport', { KeyId: this.id(m, r), WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' })
    if (typeof res.ImportToken === 'string') r.params.set(this.i(m), { algorithm, token: res.ImportToken, publicKey: new Uint8Array(Buffer.from(String(res.PublicKey), 'base64')) })
    snapshot(r, this.toString())
  }
  toString = (): string => `GetParametersForImport(#${this.index}, ${this.pick})`
}

type Corruption = 'none' | 'flip' | 'wrong-size' | 'other-key-params' | 'tampered-token'

class ImportMaterial extends KeyCommand {
  constructor(index: number, readonly seed: Uint8Array, readonly corruption: Corruption, readonly importType: string | undefined, readonly expires: boolean) {
    super(index)
  }
  override check(m: Readonly<Model>): boolean {
    return m.kinds.length > 0
  }
  async run(m: Model, r: Real): Promise<void> {
    const i = this.i(m)
    const kind = m.kinds[i] as KeyKind
    const own = r.params.get(i)
    const other = [...r.params.entries()].find(([j]) => j !== i)?.[1]
    const params = this.corruption === 'other-key-params' && other !== undefined ? other : own
    if (params === undefined) return
    const material = kind === 'ext-ecc' ? ecPkcs8(this.seed.subarray(0, 32))
      : kind === 'ext-hmac' ? this.seed.subarray(0, 32 + (this.seed[0] ?? 0) % 33)
        : this.seed.subarray(0, this.corruption === 'wrong-size' ? 31 : 32)
    r.secrets.push(...(kind === 'ext-ecc' ? privateKeySecrets(`client EC material #${i}`, material) : [{ label: `client material for #${i} (${kind}, ${this.corruption})`, bytes: Uint8Array.from(material) }]))
    let wrapped = wrapKeyMaterial(params.publicKey, params.algorithm, material)
    if (this.corruption === 'flip') wrapped = Uint8Array.from(wrapped, (b, j) => (j === 7 ? b ^ 0x40 : b))
    const token = this.corruption === 'tampered-token' ? `${params.token.slice(0, 10)}${params.token[10] === 'A' ? 'B' : 'A'}${params.token.slice(11)}` : params.token
    await callJson(r, 'ImportKeyMaterial', {
      KeyId: this.id(m, r), ImportToken: token, EncryptedKeyMaterial: b64(wrapped),
      ...(this.expires ? { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: (r.clock.now() + 2 * DAY) / 1000 } : { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
      ...(this.importType === undefined || m.profile !== '2025-06-05' ? {} : { ImportType: this.importType }),
    })
    snapshot(r, this.toString())
  }
  toString = (): string => `ImportKeyMaterial(#${this.index}, ${this.corruption}${this.importType === undefined ? '' : `, ${this.importType}`}${this.expires ? ', expires in 2 days' : ''})`
}

/** A one-member operation on a key: Describe, Enable, Disable, Schedule, Cancel, Delete, Rotate, ListKeyRotations, GetPublicKey. */
class Simple extends KeyCommand {
  constructor(index: number, readonly operation: string, readonly extra: Readonly<Record<string, unknown>> = {}) {
    super(index)
  }
  async run(m: Model, r: Real): Promise<void> {
    await callJson(r, this.operation, { KeyId: this.id(m, r), ...this.extra })
    snapshot(r, this.toString())
  }
  toString = (): string => `${this.operation}(#${this.index})`
}

class Use extends KeyCommand {
  constructor(index: number, readonly plaintext: Uint8Array) {
    super(index)
  }
  async run(m: Model, r: Real): Promise<void> {
    const kind = m.kinds[this.i(m)] as KeyKind
    if (kind === 'ext-hmac' || kind === 'aws-hmac') {
      await callJson(r, 'GenerateMac', { KeyId: this.id(m, r), Message: b64(this.plaintext), MacAlgorithm: kind === 'ext-hmac' ? 'HMAC_SHA_256' : 'HMAC_SHA_384' })
    } else if (kind === 'ext-ecc') {
      await callJson(r, 'Sign', { KeyId: this.id(m, r), Message: b64(this.plaintext), SigningAlgorithm: 'ECDSA_SHA_256' })
      await callJson(r, 'GetPublicKey', { KeyId: this.id(m, r) })
    } else {
      const res = await callJson(r, 'Encrypt', { KeyId: this.id(m, r), Plaintext: b64(this.plaintext), EncryptionContext: { run: 'hygiene' } })
      if (typeof res.CiphertextBlob === 'string') {
        r.ciphertexts.push(res.CiphertextBlob)
        m.ciphertexts++
      }
    }
    // the typed entry point too: its results are outputs as well
    const typed = await r.server.emulator.invoke('DescribeKey', { KeyId: this.id(m, r) })
    r.outputs.push(['invoke DescribeKey', `${JSON.stringify(typed)} ${inspect(typed, { depth: Infinity, showHidden: true })}`])
  }
  toString = (): string => `Use(#${this.index})`
}

class Decrypt implements fc.AsyncCommand<Model, Real> {
  constructor(readonly which: number, readonly rightContext: boolean) {}
  check = (m: Readonly<Model>): boolean => m.ciphertexts > 0
  async run(m: Model, r: Real): Promise<void> {
    await callJson(r, 'Decrypt', { CiphertextBlob: r.ciphertexts[this.which % m.ciphertexts], EncryptionContext: { run: this.rightContext ? 'hygiene' : 'other' } })
  }
  toString = (): string => `Decrypt(${this.which}, ${this.rightContext ? 'right' : 'wrong'} context)`
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check = (): boolean => true
  async run(_m: Model, r: Real): Promise<void> {
    r.clock.advance(this.ms)
    await callJson(r, 'DescribeKey', { KeyId: r.ids[0] ?? 'none' }) // settles expired material
    snapshot(r, this.toString())
  }
  toString = (): string => `AdvanceClock(${this.ms})`
}

class Junk implements fc.AsyncCommand<Model, Real> {
  constructor(readonly operation: string, readonly body: string) {}
  check = (): boolean => true
  async run(_m: Model, r: Real): Promise<void> {
    await call(r, this.operation, this.body)
  }
  toString = (): string => `Junk(${this.operation}, ${this.body.slice(0, 60)})`
}

const key = fc.nat(7)
const importCommand = fc.tuple(key, fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.constantFrom<Corruption>('none', 'none', 'none', 'flip', 'wrong-size', 'other-key-params', 'tampered-token'),
  fc.option(fc.constantFrom('NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'), { nil: undefined }), fc.boolean())
  .map(([i, seed, c, t, e]) => new ImportMaterial(i, seed, c, t, e))
const commands = [
  fc.constantFrom<KeyKind>('ext-sym', 'ext-sym', 'aws-sym', 'ext-hmac', 'aws-hmac', 'ext-ecc').map((k) => new CreateKey(k)),
  fc.tuple(key, fc.nat(5)).map(([i, p]) => new GetParameters(i, p)),
  fc.tuple(key, fc.nat(5)).map(([i, p]) => new GetParameters(i, p)),
  importCommand,
  importCommand,
  importCommand,
  fc.tuple(key, fc.constantFrom('DescribeKey', 'EnableKey', 'DisableKey', 'CancelKeyDeletion', 'DeleteImportedKeyMaterial', 'RotateKeyOnDemand', 'GetPublicKey'))
    .map(([i, op]) => new Simple(i, op)),
  key.map((i) => new Simple(i, 'ListKeyRotations', { IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })),
  key.map((i) => new Simple(i, 'ScheduleKeyDeletion', { PendingWindowInDays: 7 })),
  fc.tuple(key, fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([i, p]) => new Use(i, p)),
  fc.tuple(fc.nat(20), fc.boolean()).map(([w, c]) => new Decrypt(w, c)),
  fc.constantFrom(1000, DAY, 3 * DAY, 8 * DAY).map((ms) => new Advance(ms)),
  fc.tuple(fc.constantFrom('ImportKeyMaterial', 'GetParametersForImport', 'Decrypt', 'Nope'), anyJson).map(([op, j]) => new Junk(op, printJson(j))),
]

/** The outputs of misuse: what thrown errors say (messages, stacks, inspected) when handed secret bytes. */
const thrownOutputs = async (): Promise<[string, string][]> => {
  const out: [string, string][] = []
  const record = (name: string, e: unknown): void => {
    out.push([name, e instanceof Error ? `${e.message}\n${e.stack ?? ''}\n${inspect(e, { depth: Infinity, showHidden: true })}\n${String(e)}` : String(e)])
  }
  try {
    createEmulator({ sealingKey: SEALING_KEY.subarray(0, 31) })
    out.push(['createEmulator with a 31-byte sealing key', 'did not throw'])
  } catch (e) {
    record('createEmulator with a 31-byte sealing key', e)
  }
  try {
    await serve({ port: 0, quiet: true, sealingKey: Uint8Array.from([...SEALING_KEY, 0]) })
    out.push(['serve with a 33-byte sealing key', 'did not reject'])
  } catch (e) {
    record('serve with a 33-byte sealing key', e)
  }
  return out
}

/**
 * What every run starts with, so that every run holds secrets of each kind its profile allows: an
 * imported symmetric key, a generated symmetric key, and (after the classic profile) an imported
 * EC key and an imported HMAC key.
 */
const prelude = (profile: ProfileName, seeds: readonly Uint8Array[]): fc.AsyncCommand<Model, Real>[] => [
  new CreateKey('ext-sym'), new GetParameters(0, 0), new ImportMaterial(0, seeds[0] as Uint8Array, 'none', undefined, false),
  new CreateKey('aws-sym'),
  ...(profile === 'classic' ? [] : [
    new CreateKey('ext-ecc'), new GetParameters(2, 0), new ImportMaterial(2, seeds[1] as Uint8Array, 'none', undefined, false),
    new CreateKey('ext-hmac'), new GetParameters(3, 0), new ImportMaterial(3, seeds[2] as Uint8Array, 'none', undefined, true),
  ]),
]

describe.each(profiles.map((p, i) => [p.name, i] as const))('secret hygiene on the %s profile', (profile, index) => {
  it('no secret appears in any output (responses, logs, store printers, invoke results, events, thrown errors), in any encoding', async () => {
    let scannedOutputs = 0
    let scannedSecrets = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 64, maxLength: 64 }), { minLength: 3, maxLength: 3 }), fc.commands(commands, { maxCommands: 40, size: 'max' }), async (seeds, cmds) => {
        const clock = manualClock(T0)
        const logLines: string[] = []
        const events: KmsEvent[] = []
        const server = await serve({
          port: 0, profile, clock, crypto: createDeterministicProvider({ seed: 77 }), sealingKey: SEALING_KEY,
          log: (line) => logLines.push(line), onEvent: (e) => events.push(e),
        })
        const agent = new Agent({ keepAlive: true, maxSockets: 1 })
        const real: Real = {
          server, agent, clock, logLines, events, outputs: [], secrets: [...STANDING_SECRETS], ids: [], params: new Map(), ciphertexts: [], lastStore: undefined,
        }
        try {
          const model: Model = { profile, kinds: [], ciphertexts: 0 }
          for (const c of prelude(profile, seeds)) await c.run(model, real)
          expect(real.secrets.filter((x) => x.label.startsWith('stored material')).length, 'the prelude imported and generated material').toBeGreaterThanOrEqual(profile === 'classic' ? 2 : 4)
          await fc.asyncModelRun(() => ({ model, real }), cmds)
        } finally {
          agent.destroy()
          await server.close()
        }
        real.outputs.push(['endpoint log', logLines.join('\n')])
        real.outputs.push(['events', `${JSON.stringify(events)}\n${inspect(events, { depth: Infinity, showHidden: true })}`])
        real.outputs.push(['emulator object', `${JSON.stringify(server.emulator)} ${inspect(server.emulator, { depth: 2, showHidden: true })}`])
        real.outputs.push(...(await thrownOutputs()))
        expect(logLines.length).toBeGreaterThan(0)
        // the scanner is live: a secret planted in an output is found
        const planted = findLeaks([['planted', `x${Buffer.from(real.secrets[real.secrets.length - 1]!.bytes).toString('base64')}y`]], real.secrets)
        expect(planted.length).toBeGreaterThan(0)
        const leaks = findLeaks(real.outputs, real.secrets)
        expect(leaks, `in a run of ${cmds.toString()}`).toEqual([])
        scannedOutputs += real.outputs.length
        scannedSecrets += real.secrets.length
      }),
      // a seed per profile, from the global one: each profile gets its own sequences
      { numRuns: RUNS_PER_PROFILE, seed: (fc.readConfigureGlobal().seed ?? 0) + index },
    )
    expect(scannedOutputs).toBeGreaterThan(RUNS_PER_PROFILE * 5)
    expect(scannedSecrets).toBeGreaterThan(RUNS_PER_PROFILE * STANDING_SECRETS.length)
  })
})
