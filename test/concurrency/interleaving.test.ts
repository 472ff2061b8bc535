/**
 * Concurrency: many overlapping calls on the same keys — imports, deletions of material,
 * rotations, enable/disable, scheduled and cancelled deletions, parameters, usage — fired without
 * awaiting, in an order a random scheduler picks (`fc.scheduler()`), with clock advances landing
 * between them (so a clock move may fall between a call's issue and its execution), through both
 * `handle` and `invoke`.
 *
 * The property: the outcome is that of a serial order of the same calls — the order the emulator
 * executed them. Each executed call reads the clock once; a recording clock tells which instant
 * each saw. Replaying the same calls one at a time, in the executed order, each at the instant it
 * saw, on a fresh emulator built the same way, gives the very same answers (byte for byte: the
 * deterministic provider's stream is consumed in the same order), the same final store and the
 * same DescribeKey for every key. And the executed order is the order of issue (calls are served
 * first come, first served), so no call overtakes another and no update is lost.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allKeys, createEmulator, profiles, type Emulator, type OperationName, type ProfileName } from 'kms-key-import'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'

const T0 = Date.parse('2026-11-01T00:00:00.000Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR
const SEALING_KEY = new Uint8Array(32).fill(0x42)
const RUNS = 25
const MATERIALS = [new Uint8Array(32).fill(0xa1), new Uint8Array(32).fill(0xb2)] as const

/** A call: an operation (through handle or invoke) or a clock advance. */
type Call =
  | { readonly kind: 'op'; readonly operation: OperationName; readonly body: Readonly<Record<string, unknown>>; readonly via: 'handle' | 'invoke' }
  | { readonly kind: 'advance'; readonly ms: number }

const show = (c: Call): string => (c.kind === 'advance' ? `advance ${c.ms}ms` : `${c.via} ${c.operation} ${JSON.stringify(c.body).slice(0, 80)}`)

/** A clock that records every instant it hands out. */
interface RecordingClock extends ManualClock {
  readonly reads: number[]
  /** The instant, without recording a read. */
  peek(): number
}

const recordingClock = (): RecordingClock => {
  const inner = manualClock(T0)
  const reads: number[] = []
  return {
    reads,
    peek: () => inner.now(),
    now: () => {
      const t = inner.now()
      reads.push(t)
      return t
    },
    advance: (ms) => inner.advance(ms),
    set: (t) => inner.set(t),
  }
}

/** What both runs start from: the same emulator state, and the request bodies the calls use. */
interface Setup {
  readonly kms: Emulator
  readonly clock: RecordingClock
  /** Key ids: three EXTERNAL symmetric keys, then one AWS_KMS key. */
  readonly keys: readonly string[]
  /** Per EXTERNAL key: an import token and its public key. */
  readonly tokens: readonly { readonly token: string; readonly publicKey: Uint8Array }[]
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64')

const ok = async (kms: Emulator, operation: string, body: unknown): Promise<Record<string, unknown>> => {
  const res = await kms.handle({ target: `TrentService.${operation}`, body: JSON.stringify(body) })
  if (res.status !== 200) throw new Error(`setup: ${operation} failed: ${res.body}`)
  return JSON.parse(res.body) as Record<string, unknown>
}

/** Builds the starting state: deterministic, so two builds are identical. */
const setup = async (profile: ProfileName): Promise<Setup> => {
  const clock = recordingClock()
  const kms = createEmulator({ profile, clock, crypto: createDeterministicProvider({ seed: 31 }), sealingKey: SEALING_KEY })
  const keys: string[] = []
  for (const body of [{ Origin: 'EXTERNAL' }, { Origin: 'EXTERNAL' }, { Origin: 'EXTERNAL' }, {}]) {
    keys.push(String(((await ok(kms, 'CreateKey', body)).KeyMetadata as Record<string, unknown>).KeyId))
  }
  const tokens: { token: string; publicKey: Uint8Array }[] = []
  for (const keyId of keys.slice(0, 3)) {
    const p = await ok(kms, 'GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
    tokens.push({ token: String(p.ImportToken), publicKey: new Uint8Array(Buffer.from(String(p.PublicKey), 'base64')) })
  }
  // key 0 starts with material A
  await ok(kms, 'ImportKeyMaterial', {
    KeyId: keys[0], ImportToken: tokens[0]!.token, EncryptedKeyMaterial: b64(wrapKeyMaterial(tokens[0]!.publicKey, 'RSAES_OAEP_SHA_256', MATERIALS[0])),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
  })
  clock.reads.length = 0
  return { kms, clock, keys, tokens }
}

/** The calls of a run, as data over key and material indices (bodies are built once, then reused by the replay). */
const callSpec = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('import' as const), key: fc.nat(2), material: fc.nat(1), expiry: fc.constantFrom('never', 'hour', 'days'), importType: fc.constantFrom(undefined, 'NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('DeleteImportedKeyMaterial' as const, 'RotateKeyOnDemand' as const), key: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('EnableKey' as const, 'DisableKey' as const, 'CancelKeyDeletion' as const, 'ScheduleKeyDeletion' as const), key: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('GetParametersForImport' as const, 'Encrypt' as const, 'DescribeKey' as const), key: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(1000, HOUR, 25 * HOUR, DAY, 8 * DAY) }) },
)
type Spec = typeof callSpec extends fc.Arbitrary<infer S> ? S : never

/** Turns specs into calls with bodies (wrapping material once, for both runs). */
const buildCalls = (s: Setup, specs: readonly Spec[], vias: readonly boolean[], multiple: boolean): Call[] =>
  specs.map((spec, i): Call => {
    const via = vias[i] === true ? 'invoke' : 'handle'
    if (spec.op === 'advance') return { kind: 'advance', ms: spec.ms }
    const keyId = s.keys[spec.key] as string
    if (spec.op === 'import') {
      const t = s.tokens[spec.key]!
      const wrapped = wrapKeyMaterial(t.publicKey, 'RSAES_OAEP_SHA_256', MATERIALS[spec.material as 0 | 1])
      // invoke takes SDK shapes: bytes and Dates
      const validTo = spec.expiry === 'hour' ? T0 + HOUR : spec.expiry === 'days' ? T0 + 3 * DAY : undefined
      return {
        kind: 'op', operation: 'ImportKeyMaterial', via,
        body: {
          KeyId: keyId, ImportToken: via === 'invoke' ? new Uint8Array(Buffer.from(t.token, 'base64')) : t.token,
          EncryptedKeyMaterial: via === 'invoke' ? wrapped : b64(wrapped),
          ...(validTo === undefined ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ValidTo: via === 'invoke' ? new Date(validTo) : validTo / 1000 }),
          ...(multiple && spec.importType !== undefined ? { ImportType: spec.importType } : {}),
        },
      }
    }
    const extra: Record<string, unknown> =
      spec.op === 'ScheduleKeyDeletion' ? { PendingWindowInDays: 7 }
        : spec.op === 'GetParametersForImport' ? { WrappingAlgorithm: 'RSAES_OAEP_SHA_1', WrappingKeySpec: 'RSA_2048' }
          : spec.op === 'Encrypt' ? { Plaintext: via === 'invoke' ? new Uint8Array([1, 2, 3]) : b64(new Uint8Array([1, 2, 3])) }
            : {}
    return { kind: 'op', operation: spec.op, via, body: { KeyId: keyId, ...extra } }
  })

/** A result as comparable text: bytes as base64, Dates as ms. */
const text = (u: unknown): string =>
  JSON.stringify(u, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes:${b64(v)}` : v), 0)

const execute = async (kms: Emulator, c: Extract<Call, { kind: 'op' }>): Promise<string> => {
  if (c.via === 'invoke') {
    const r = await kms.invoke(c.operation, c.body)
    return text(r._tag === 'Left' ? { error: r.left } : { ok: r.right })
  }
  const res = await kms.handle({ target: `TrentService.${c.operation}`, body: JSON.stringify(c.body) })
  return `${res.status} ${res.body}`
}

/** Everything observable at the end: every record, and DescribeKey of every key. */
const finalState = async (s: Setup): Promise<string> => {
  const described: string[] = []
  for (const keyId of s.keys) described.push((await s.kms.handle({ target: 'TrentService.DescribeKey', body: JSON.stringify({ KeyId: keyId }) })).body)
  return `${JSON.stringify(allKeys(s.kms.store()))}\n${described.join('\n')}`
}

describe.each(profiles.map((p) => p.name))('overlapping calls on the %s profile', (profile) => {
  it('end as some serial order of them would — the order of issue, each call at the instant it ran', async () => {
    const multiple = profile === '2025-06-05'
    /** Runs whose calls were issued in another order than generated, and calls that ran at a later instant than issued. */
    let reordered = 0
    let movedUnder = 0
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(callSpec, { minLength: 4, maxLength: 24 }), fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }), async (s, specs, vias, breaks) => {
        // the concurrent run
        const live = await setup(profile)
        const calls = buildCalls(live, specs, vias, multiple)
        const issued: number[] = []
        const issuedAt: number[] = []
        const completed: number[] = []
        const answers = new Map<number, string>()
        const running: Promise<void>[] = []
        // calls go out in batches, in the order the scheduler releases them; within a batch they go out at once, so a
        // clock advance after a call in the same batch moves the clock between that call's issue and its run
        const batches: number[][] = []
        calls.forEach((_, i) => {
          if (i === 0 || breaks[i] === true) batches.push([])
          batches[batches.length - 1]!.push(i)
        })
        const fired = batches.map((batch) =>
          s.schedule(Promise.resolve(batch), batch.map((i) => show(calls[i] as Call)).join(' + ')).then(() => {
            for (const i of batch) {
              const c = calls[i] as Call
              if (c.kind === 'advance') {
                live.clock.advance(c.ms)
                continue
              }
              issued.push(i)
              issuedAt.push(live.clock.peek())
              running.push(execute(live.kms, c).then((answer) => {
                completed.push(i)
                answers.set(i, answer)
              }))
            }
          }))
        await s.waitAll()
        await Promise.all(fired)
        await Promise.all(running)

        // first come, first served; each executed call read the clock once
        expect(completed).toEqual(issued)
        expect(live.clock.reads).toHaveLength(issued.length)
        const instants = [...live.clock.reads]
        if (issued.some((i, k) => k > 0 && i < (issued[k - 1] as number))) reordered++
        movedUnder += instants.filter((t, k) => t !== issuedAt[k]).length
        const end = live.clock.now()
        const liveState = await finalState(live)

        // the serial replay, in the executed order, each call at the instant it saw
        const replay = await setup(profile)
        expect(replay.tokens).toEqual(live.tokens)
        for (const [k, i] of issued.entries()) {
          replay.clock.set(instants[k] as number)
          const c = calls[i] as Extract<Call, { kind: 'op' }>
          expect(await execute(replay.kms, c), `call ${i} (${show(c)}), executed ${k}th at +${(instants[k] as number) - T0}ms`).toBe(answers.get(i))
        }
        replay.clock.set(end)
        expect(await finalState(replay)).toBe(liveState)
        live.kms.close()
        replay.kms.close()
      }),
      { numRuns: RUNS },
    )
    // the scheduler did interleave: calls issued out of their generated order, clock moves between a call's issue and its run
    expect(reordered).toBeGreaterThan(RUNS / 2)
    expect(movedUnder).toBeGreaterThan(0)
  })
})
