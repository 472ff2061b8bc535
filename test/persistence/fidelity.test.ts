/**
 * Fidelity of persisted state: an endpoint whose state goes through the disk — `serve --state`
 * restarted, `state export` → `state import` into a fresh file, `snapshot()` → restore, a state
 * file of 0.1.0's format migrated — answers every request exactly as an emulator that never
 * stopped. fast-check drives both with one random sequence of operations (every kind of key, of
 * every profile, imported material with and without expiry, rotations, deletions pending and
 * settled while the server is down, aliases, tags, policies, rotation settings, multi-Region
 * primaries and replicas); the two share a seed and a sealing key, so every answer, ids and
 * ciphertexts included, must be the same byte for byte — the commands' and, around every
 * passage through the disk, those of every read of every key in every Region.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator, type CryptoProvider, type Emulator, type ProfileSelector } from 'kms-key-import'
import { readStateDb, serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'
import { lifecycleRequests, type Body } from '../support/lifecycle-requests.js'
import { stateCommand } from '../../src/cli/state.js'

const DAY = 86_400_000
const T0 = Date.parse('2026-01-01T00:00:00Z')
/** Where an emulator runs: its profile, default Region, account, and the Regions the sequence uses. */
interface Setting {
  readonly profile: ProfileSelector
  readonly region: string
  readonly accountId: string
  readonly regions: readonly [string, string, string]
}
const AWS_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const
const SEALING_KEY = new Uint8Array(32).fill(7)
const MATERIALS = [new Uint8Array(32).fill(0xa1), new Uint8Array(32).fill(0xb2), new Uint8Array(32).fill(0xc3)] as const

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-fidelity-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

interface Answer { readonly status: number; readonly body: Body }

/** An emulator the test drives: in memory, or a `serve --state` server (then `server` is set). */
interface Subject {
  readonly kms: Emulator
  readonly server?: RunningServer
  readonly file?: string
}

const call = async (kms: Emulator, region: string, op: string, req: Body): Promise<Answer> => {
  const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(req), region })
  return { status: res.status, body: JSON.parse(res.body) as Body }
}

/** The keys the sequence made, as the reference emulator answered them. */
interface World {
  /** The Regions commands and reads choose from. */
  readonly regions: readonly [string, string, string]
  readonly keys: { readonly keyId: string; readonly region: string }[]
  readonly ciphertexts: { readonly region: string; readonly blob: string }[]
  /** The last import parameters of each key (a token may outlive a restart). */
  readonly tokens: Map<string, Body>
  /** The material ids imported into each key (2025-06-05), to delete one by its id. */
  readonly materials: Map<string, string[]>
}

type Command =
  | { readonly kind: 'create'; readonly variant: number; readonly region: number; readonly tagged: boolean; readonly policy: boolean }
  | { readonly kind: 'import'; readonly key: number; readonly material: number; readonly expires: number | undefined; readonly importType: number; readonly earlierToken: boolean }
  | { readonly kind: 'key'; readonly key: number; readonly op: number; readonly n: number }
  | { readonly kind: 'alias'; readonly key: number; readonly name: number; readonly op: number }
  | { readonly kind: 'replicate'; readonly key: number; readonly region: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'disk'; readonly how: number; readonly down: number }

const CREATE_VARIANTS: readonly Body[] = [
  {},
  { Origin: 'EXTERNAL' },
  { Origin: 'EXTERNAL', Description: 'imported' },
  { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
  { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
  { MultiRegion: true },
  { MultiRegion: true, Origin: 'EXTERNAL' },
  { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' },
  { KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'EXTERNAL' },
]

const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), variant: fc.nat(CREATE_VARIANTS.length - 1), region: fc.nat(2), tagged: fc.boolean(), policy: fc.boolean() }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('import' as const), key: fc.nat(), material: fc.nat(2), expires: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }), importType: fc.nat(2), earlierToken: fc.boolean() }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('key' as const), key: fc.nat(), op: fc.nat(15), n: fc.nat(3) }), weight: 8 },
  { arbitrary: fc.record({ kind: fc.constant('alias' as const), key: fc.nat(), name: fc.nat(2), op: fc.nat(2) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('replicate' as const), key: fc.nat(), region: fc.nat(2) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: DAY / 2, max: 40 * DAY })) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('disk' as const), how: fc.nat(3), down: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 * DAY })) }), weight: 2 },
)

/** One command as requests: each gets the emulator it runs on, and answers what it saw. */
const requestsOf = (c: Command, world: World): readonly { readonly region: string; readonly op: string; readonly req: Body }[] => {
  const pick = (i: number) => world.keys[i % Math.max(world.keys.length, 1)]
  switch (c.kind) {
    case 'create':
      return [{
        region: world.regions[c.region] ?? world.regions[0], op: 'CreateKey', req: {
          ...CREATE_VARIANTS[c.variant],
          ...(c.tagged ? { Tags: [{ TagKey: 'z', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }] } : {}),
          ...(c.policy ? { Policy: '{"Version":"2012-10-17","Statement":[{"Sid":"s","Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}' } : {}),
        },
      }]
    case 'key': {
      const k = pick(c.key)
      if (k === undefined) return []
      const KeyId = k.keyId
      const ops: readonly [string, Body][] = [
        ...lifecycleRequests(KeyId, c.n, world.materials.get(`${KeyId}@${k.region}`)),
        ['TagResource', { KeyId, Tags: [{ TagKey: `t${c.n}`, TagValue: `v${c.n}` }] }],
        ['UntagResource', { KeyId, TagKeys: [`t${c.n}`, 'z'] }],
        ['PutKeyPolicy', { KeyId, PolicyName: 'default', Policy: `{"Version":"2012-10-17","Statement":[],"n":${c.n}}` }],
        ['EnableKeyRotation', c.n === 0 ? { KeyId } : { KeyId, RotationPeriodInDays: 90 + c.n }],
        ['DisableKeyRotation', { KeyId }],
        ['RotateKeyOnDemand', { KeyId }],
        ['UpdateKeyDescription', { KeyId, Description: ['d', 'é\u2028\u0000', '\ud800 lone', ''][c.n] }],
        ['Encrypt', { KeyId, Plaintext: Buffer.from(`p${c.n}`).toString('base64') }],
        ['UpdatePrimaryRegion', { KeyId, PrimaryRegion: world.regions[c.n % 3] }],
        ['GenerateMac', { KeyId, MacAlgorithm: 'HMAC_SHA_256', Message: 'bQ==' }],
        ['Sign', { KeyId, SigningAlgorithm: 'ECDSA_SHA_256', Message: 'bQ==' }],
      ]
      const [op, req] = ops[c.op] ?? ['DescribeKey', { KeyId }]
      return [{ region: k.region, op, req }]
    }
    case 'alias': {
      const k = pick(c.key)
      if (k === undefined) return []
      const AliasName = `alias/a${c.name}`
      const op = ['CreateAlias', 'UpdateAlias', 'DeleteAlias'][c.op] ?? 'CreateAlias'
      return [{ region: k.region, op, req: op === 'DeleteAlias' ? { AliasName } : { AliasName, TargetKeyId: k.keyId } }]
    }
    case 'replicate': {
      const k = pick(c.key)
      if (k === undefined) return []
      return [{ region: k.region, op: 'ReplicateKey', req: { KeyId: k.keyId, ReplicaRegion: world.regions[c.region] } }]
    }
    default:
      return []
  }
}

/** Every read of every key the sequence made, in every Region, and every ciphertext decrypted. */
const observe = async (kms: Emulator, world: World): Promise<unknown[]> => {
  const out: unknown[] = []
  for (const region of new Set(world.regions)) {
    for (const op of ['ListKeys', 'ListAliases']) {
      let Marker: string | undefined
      for (let page = 0; page < 50; page++) {
        const a = await call(kms, region, op, { Limit: 2, ...(Marker === undefined ? {} : { Marker }) })
        out.push([region, op, a])
        Marker = typeof a.body.NextMarker === 'string' ? a.body.NextMarker : undefined
        if (Marker === undefined) break
      }
    }
  }
  for (const { keyId: KeyId, region } of world.keys) {
    for (const [op, req] of [
      ['DescribeKey', { KeyId }], ['ListResourceTags', { KeyId }], ['GetKeyPolicy', { KeyId, PolicyName: 'default' }], ['ListKeyPolicies', { KeyId }],
      ['GetKeyRotationStatus', { KeyId }], ['ListKeyRotations', { KeyId }], ['ListKeyRotations', { KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 1 }],
      ['ListAliases', { KeyId }], ['GetPublicKey', { KeyId }],
    ] as const) out.push([region, op, await call(kms, region, op, req)])
  }
  for (const { region, blob } of world.ciphertexts) out.push([region, 'Decrypt', await call(kms, region, 'Decrypt', { CiphertextBlob: blob })])
  return out
}

/** The members of a snapshot's keys that version 1 (0.1.0) did not have. */
const SINCE_VERSION_2 = ['multiRegion', 'primaryRegion', 'settlesAt', 'settlesTo', 'tags', 'policy', 'automaticRotation', 'aliases'] as const

/**
 * The snapshot as 0.1.0 wrote it (version 1), when it holds nothing 0.1.0 did not know (no tags,
 * no key policy, no rotation setting, no alias, no multi-Region key); otherwise undefined.
 */
const version1Of = (snapshot: unknown): unknown => {
  const s = snapshot as { keys: Record<string, unknown>[] }
  const lossless = s.keys.every((k) => SINCE_VERSION_2.every((m) => k[m] === undefined || (Array.isArray(k[m]) && (k[m] as unknown[]).length === 0)))
  if (!lossless) return undefined
  return { ...s, version: 1, keys: s.keys.map((k) => Object.fromEntries(Object.entries(k).filter(([m]) => !(SINCE_VERSION_2 as readonly string[]).includes(m)))) }
}

/**
 * Runs `commands` on a reference emulator that never stops and on the subject, a `serve --state`
 * server that goes through the disk at every `disk` command (and at the end): every body the two
 * answer must be the same (the request id is a header, not in a body).
 */
const runSequence = async ({ profile, region, accountId, regions }: Setting, commands: readonly Command[]): Promise<void> => {
  const clock: ManualClock = manualClock(T0)
  // one provider per side, the same seed: the subject's provider lives on across its restarts
  const refProvider: CryptoProvider = createDeterministicProvider({ seed: 21 })
  const subProvider: CryptoProvider = createDeterministicProvider({ seed: 21 })
  const reference = createEmulator({ profile, region, accountId, clock, crypto: refProvider, sealingKey: SEALING_KEY })
  // a directory of its own: every run starts from no state
  const runDir = mkdtempSync(join(dir, 'run-'))
  let files = 0
  const newFile = (): string => {
    const file = join(runDir, `state-${files++}.mdb`)
    writeFileSync(`${file}.key`, Buffer.from(SEALING_KEY).toString('hex'), { mode: 0o600 })
    return file
  }
  const startServer = async (file: string): Promise<Subject> => {
    const server = await serve({ port: 0, quiet: true, stateFile: file, clock, crypto: subProvider, profile, region, accountId })
    return { kms: server.emulator, server, file }
  }
  const stop = async (s: Subject): Promise<void> => {
    if (s.server !== undefined) await s.server.close()
  }
  let subject = await startServer(newFile())
  const world: World = { regions, keys: [], ciphertexts: [], tokens: new Map(), materials: new Map() }
  const both = async (region: string, op: string, req: Body): Promise<Answer> => {
    const expected = await call(reference, region, op, req)
    const actual = await call(subject.kms, region, op, req)
    expect(actual, `${op} ${JSON.stringify(req)} in ${region}`).toEqual(expected)
    return expected
  }
  /** The subject's snapshot: it seals with nonces of its provider, so the reference draws as many. */
  const snapshotOf = (s: Subject): unknown => {
    reference.snapshot()
    return s.kms.snapshot()
  }
  /**
   * The subject through the disk, one of four ways (an in-memory subject, restored from a
   * snapshot, goes back to a state file by the 0.1.0 migration); reads compared before and after.
   */
  const throughDisk = async (how: number, down: number): Promise<void> => {
    const before = await observe(reference, world)
    expect(await observe(subject.kms, world)).toEqual(before)
    await goThroughDisk(how)
    // the clock moves while the server is down: what settles meanwhile settles alike
    clock.advance(down)
    expect(await observe(subject.kms, world)).toEqual(await observe(reference, world))
  }
  const goThroughDisk = async (how: number): Promise<void> => {
    if (how === 0 && subject.file !== undefined) {
      await stop(subject)
      subject = await startServer(subject.file)
    } else if (how === 1 && subject.file !== undefined) {
      const exported = readStateDb(subject.file)
      await stop(subject)
      // a database that nothing was ever written to holds no state to export: the same file again
      if (E.isLeft(exported)) {
        expect(exported.left.message).toMatch(/holds no state yet$/)
        subject = await startServer(subject.file)
        return
      }
      const snapshot = join(runDir, `export-${files}.json`)
      writeFileSync(snapshot, JSON.stringify(exported.right), { mode: 0o600 })
      const file = newFile()
      const quiet = process.stdout.write
      process.stdout.write = () => true
      try {
        expect(await stateCommand(['import', '--state', file, '--in', snapshot])).toBe(0)
      } finally {
        process.stdout.write = quiet
      }
      subject = await startServer(file)
    } else if (how === 2) {
      const saved: unknown = JSON.parse(JSON.stringify(snapshotOf(subject)))
      await stop(subject)
      subject = { kms: createEmulator({ profile, region, accountId, clock, crypto: subProvider, sealingKey: SEALING_KEY, state: saved }) }
    } else {
      // a state file of 0.1.0's format (one JSON snapshot) at the state path: migrated on start
      const saved = snapshotOf(subject)
      await stop(subject)
      const file = newFile()
      const v1 = version1Of(saved)
      writeFileSync(file, JSON.stringify(v1 ?? saved), { mode: 0o600 })
      subject = await startServer(file)
    }
  }

  try {
    for (const c of commands) {
      if (c.kind === 'advance') {
        clock.advance(c.ms)
        continue
      }
      if (c.kind === 'disk') {
        await throughDisk(c.how, c.down)
        continue
      }
      if (c.kind === 'import') {
        const k = world.keys[c.key % Math.max(world.keys.length, 1)]
        if (k === undefined) continue
        const slot = `${k.keyId}@${k.region}`
        const earlier = c.earlierToken ? world.tokens.get(slot) : undefined
        const p = earlier !== undefined ? { status: 200, body: earlier } : await both(k.region, 'GetParametersForImport', { KeyId: k.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
        if (p.status !== 200) continue
        world.tokens.set(slot, p.body)
        const EncryptedKeyMaterial = Buffer.from(wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.body.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', MATERIALS[c.material] ?? MATERIALS[0])).toString('base64')
        const importType = profile === '2025-06-05' ? [{}, { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: `m${c.material}` }, { ImportType: 'EXISTING_KEY_MATERIAL' }][c.importType] : {}
        const imported = await both(k.region, 'ImportKeyMaterial', {
          KeyId: k.keyId, ImportToken: p.body.ImportToken, EncryptedKeyMaterial, ...importType,
          ...(c.expires === undefined ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: (clock.now() + c.expires * DAY) / 1000 }),
        })
        if (typeof imported.body.KeyMaterialId === 'string') world.materials.set(slot, [...(world.materials.get(slot) ?? []), imported.body.KeyMaterialId])
        continue
      }
      for (const { region, op, req } of requestsOf(c, world)) {
        const a = await both(region, op, req)
        if (a.status !== 200) continue
        if (op === 'CreateKey') world.keys.push({ keyId: String((a.body.KeyMetadata as Body).KeyId), region })
        if (op === 'ReplicateKey') world.keys.push({ keyId: String(req.KeyId), region: String(req.ReplicaRegion) })
        if (op === 'Encrypt') world.ciphertexts.push({ region, blob: String(a.body.CiphertextBlob) })
      }
    }
    await throughDisk(commands.length % 4, 0)
  } finally {
    reference.close()
    await stop(subject)
  }
}

describe('persisted state answers as the emulator that never stopped', () => {
  it.each([
    ['classic', 'us-east-1', '111122223333', AWS_REGIONS],
    ['2023-10-10', 'us-east-1', '111122223333', AWS_REGIONS],
    ['2025-06-05', 'us-east-1', '111122223333', AWS_REGIONS],
    ['2023-10-10', 'cn-northwest-1', '444455556666', ['cn-north-1', 'cn-northwest-1', 'cn-north-1']],
  ] as const)('%s in %s, account %s: random operations, through restarts, export → import, snapshot → restore and the 0.1.0 migration', async (profile, region, accountId, regions) => {
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 40 }), async (commands) => {
      await runSequence({ profile, region, accountId, regions }, commands)
    }), { numRuns: 20 })
  })

  it('lists a replica deleted while nothing ran and replicated again into its Region where the emulator does: last (it kept its old place after a restart)', async () => {
    await runSequence({ profile: 'classic', region: 'us-east-1', accountId: '111122223333', regions: AWS_REGIONS }, [
      { kind: 'create', variant: 5, region: 0, tagged: false, policy: false }, // a multi-Region primary in us-east-1
      { kind: 'create', variant: 0, region: 1, tagged: false, policy: false }, // a key in eu-west-1
      { kind: 'replicate', key: 0, region: 1 }, // the primary's replica in eu-west-1, after it
      { kind: 'create', variant: 0, region: 1, tagged: false, policy: false }, // another key in eu-west-1, after the replica
      { kind: 'replicate', key: 0, region: 2 },
      { kind: 'advance', ms: 10_000 },
      { kind: 'key', key: 2, op: 0, n: 0 }, // the eu-west-1 replica scheduled for deletion in 7 days
      { kind: 'advance', ms: 8 * DAY },
      // one request settles the deletion and makes a new replica in the same slot
      { kind: 'replicate', key: 0, region: 1 },
      { kind: 'disk', how: 0, down: 0 },
    ])
  })

  it('keeps aliases of one name in two Regions (alias names are unique per Region): the state opened again', async () => {
    await runSequence({ profile: 'classic', region: 'us-east-1', accountId: '111122223333', regions: AWS_REGIONS }, [
      { kind: 'create', variant: 0, region: 0, tagged: false, policy: false },
      { kind: 'create', variant: 0, region: 1, tagged: false, policy: false },
      { kind: 'alias', key: 0, name: 0, op: 0 }, // alias/a0 in us-east-1
      { kind: 'alias', key: 1, name: 0, op: 0 }, // alias/a0 in eu-west-1
      { kind: 'disk', how: 0, down: 0 },
      { kind: 'disk', how: 1, down: 0 },
      { kind: 'disk', how: 2, down: 0 },
    ])
  })

  it('keeps multi-Region keys through their primary moving (Updating), deletion of the primary waiting on its replicas, and imported material expiring while the server is down', async () => {
    for (const profile of ['classic', '2025-06-05'] as const) {
      for (const how of [0, 1, 2, 3]) {
        await runSequence({ profile, region: 'us-east-1', accountId: '111122223333', regions: AWS_REGIONS }, [
          { kind: 'create', variant: 5, region: 0, tagged: true, policy: true },
          { kind: 'key', key: 0, op: 8, n: 2 }, // rotation on
          { kind: 'replicate', key: 0, region: 1 },
          { kind: 'replicate', key: 0, region: 2 },
          { kind: 'advance', ms: 6000 },
          { kind: 'key', key: 0, op: 13, n: 1 }, // UpdatePrimaryRegion eu-west-1
          { kind: 'disk', how, down: 0 },
          { kind: 'advance', ms: 3000 },
          { kind: 'disk', how, down: 3000 },
          { kind: 'key', key: 1, op: 0, n: 0 }, // delete the eu primary: PendingReplicaDeletion
          { kind: 'disk', how, down: 8 * DAY },
          { kind: 'key', key: 0, op: 0, n: 0 },
          { kind: 'key', key: 2, op: 0, n: 1 },
          { kind: 'disk', how, down: 9 * DAY },
          { kind: 'disk', how, down: 8 * DAY },
          { kind: 'create', variant: 6, region: 0, tagged: false, policy: false },
          { kind: 'import', key: 3, material: 1, expires: 3, importType: 1, earlierToken: false },
          { kind: 'replicate', key: 3, region: 1 },
          { kind: 'advance', ms: 6000 },
          { kind: 'import', key: 4, material: 1, expires: 2, importType: 0, earlierToken: false },
          { kind: 'import', key: 3, material: 2, expires: undefined, importType: 1, earlierToken: false },
          { kind: 'key', key: 3, op: 10, n: 0 },
          { kind: 'disk', how, down: 2 * DAY + 1 },
          { kind: 'import', key: 4, material: 1, expires: undefined, importType: 2, earlierToken: true },
          { kind: 'key', key: 3, op: 4, n: 1 },
          { kind: 'disk', how, down: 2 * DAY },
        ])
      }
    }
  })
})
