/**
 * Time and deadlines, end to end: the emulator (whose store finds the keys due through a heap of
 * deadlines, src/model/key-store.ts) against a reference that settles EVERY key at every request,
 * as docs/evidence.md §2, §9 and §11 state the rule: before each call, every key of the
 * reference is replaced by `settleKey(key, now)` (again, until nothing changes), a multi-Region
 * primary that was PendingReplicaDeletion and whose last replica went becomes PendingDeletion from
 * that instant, and the reference emulator is restored from a snapshot of those records (a store
 * built anew, so no deadline of its own is left behind).
 *
 * fast-check drives both with one random sequence of real operations (AWS_KMS and EXTERNAL keys,
 * single- and multi-Region; imports with and without ValidTo on a coarse grid, so materials expire
 * at one instant; several materials, rotation and deletion by KeyMaterialId in the 2025-06-05
 * profile; deletions scheduled and cancelled, of every key of a multi-Region set in either order;
 * replication; primary moves; Enable/Disable) and clock moves forward, by zero, backward, and to
 * the next deadline exactly (or a millisecond either side), with the subject snapshotted and
 * restored (and, in a few runs, a `serve --state` server restarted). The two share a seed and a
 * sealing key, so at every request each answer (the command's, then DescribeKey and
 * ListKeyRotations of every key, ListKeys of every Region, whole and in pages), each stored record
 * and each reported event must be the same.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { allKeys, createEmulator, multiRegionKeySet, restoreEmulator, Secret, settleKey, toSnapshot, type CryptoProvider, type Emulator, type KeyRecord, type KeyStore, type KmsEvent, type MultiRegionKeySet, type ProfileSelector } from 'kms-key-import'
import { serve, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock, wrapKeyMaterial, type ManualClock } from 'kms-key-import/testing'
import { lifecycleRequests, type Body } from '../support/lifecycle-requests.js'
import { freezeKey } from '../../src/model/key-record.js'
import { keyDeadline, storeFromKeys } from '../../src/model/key-store.js'

const DAY = 86_400_000
const HOUR = 3_600_000
/** The grid of ValidTo instants. */
const GRID = 6 * HOUR
const T0 = Date.parse('2026-01-01T00:00:00Z')
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const
const SEALING_KEY = new Uint8Array(32).fill(5)
const MATERIALS = [new Uint8Array(32).fill(0xa1), new Uint8Array(32).fill(0xb2), new Uint8Array(32).fill(0xc3)] as const

interface Answer { readonly status: number; readonly body: Body }

const call = async (kms: Emulator, region: string, op: string, req: Body): Promise<Answer> => {
  const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(req), region })
  return { status: res.status, body: JSON.parse(res.body) as Body }
}

// ------------------------------------------------------------------------------------------
// The reference's settling: every key, at every request
// ------------------------------------------------------------------------------------------

/**
 * Every key as `settleKey` says at `now`, until nothing changes, with the relation of
 * multi-Region keys (§11): a primary PendingReplicaDeletion whose related keys are all gone is
 * PendingDeletion, its waiting period from the deletion of the last of them.
 */
const settleEveryKey = (records: readonly KeyRecord[], now: number): { readonly records: readonly KeyRecord[]; readonly events: readonly KmsEvent[]; readonly changed: boolean } => {
  let keys = records
  const events: KmsEvent[] = []
  let changed = false
  for (;;) {
    let round = false
    const next: KeyRecord[] = []
    const goneAt = new Map<string, number>()
    for (const key of keys) {
      const s = settleKey(key, now)
      if (s.changed) round = true
      events.push(...s.events)
      if (s.key !== undefined) next.push(s.key)
      else if (key.multiRegion === true) goneAt.set(key.keyId, Math.max(goneAt.get(key.keyId) ?? -Infinity, ...s.events.filter((e) => e.eventName === 'DeleteKey').map((e) => e.eventTime)))
    }
    keys = next.map((k) => {
      const at = goneAt.get(k.keyId)
      const alone = next.filter((o) => o.keyId === k.keyId).length === 1
      if (at === undefined || !alone || k.state !== 'PendingReplicaDeletion') return k
      round = true
      return freezeKey({ ...k, state: 'PendingDeletion', deletionDate: at + (k.pendingDeletionWindowInDays ?? 30) * DAY })
    })
    if (!round) return { records: keys, events, changed }
    changed = true
  }
}

/** A record as it would be stored, comparable across stores (a secret's presence, not its holder). */
const comparable = (k: KeyRecord): unknown => JSON.parse(JSON.stringify(k)) as unknown

/** Events in one order for both sides (events of one instant come in no promised order). */
const canonical = (events: readonly KmsEvent[]): readonly KmsEvent[] =>
  [...events].sort((a, b) => a.eventTime - b.eventTime || a.keyArn.localeCompare(b.keyArn) || a.eventName.localeCompare(b.eventName)
    || (a.eventName === 'DeleteExpiredKeyMaterial' && b.eventName === 'DeleteExpiredKeyMaterial' ? a.keyMaterialId.localeCompare(b.keyMaterialId) : 0))

// ------------------------------------------------------------------------------------------
// Commands
// ------------------------------------------------------------------------------------------

type Command =
  | { readonly kind: 'create'; readonly variant: number; readonly region: number }
  | { readonly kind: 'import'; readonly key: number; readonly material: number; readonly validTo: number | undefined; readonly importType: number }
  | { readonly kind: 'key'; readonly key: number; readonly op: number; readonly n: number }
  | { readonly kind: 'set'; readonly region: number; readonly external: boolean; readonly validTo: number | undefined }
  | { readonly kind: 'retire'; readonly key: number; readonly primaryFirst: boolean; readonly n: number }
  | { readonly kind: 'clock'; readonly ms: number }
  | { readonly kind: 'tick'; readonly offset: number }
  | { readonly kind: 'restore'; readonly how: number }

const CREATE_VARIANTS: readonly Body[] = [{}, { Origin: 'EXTERNAL' }, { MultiRegion: true }, { MultiRegion: true, Origin: 'EXTERNAL' }]

/** Clock moves: none, within a transient state, hours, past a waiting period; and backward. */
const clockMove = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 8_000 }),
  fc.integer({ min: HOUR, max: 3 * DAY }),
  fc.integer({ min: 6 * DAY, max: 10 * DAY }),
  fc.integer({ min: -8_000, max: -1 }),
  fc.integer({ min: -2 * DAY, max: -HOUR }),
)

/**
 * Commands: with `restores`, a `serve --state` restart among the restores; `multiRegion` makes
 * multi-Region keys only, and mostly replicates them and moves their primary.
 */
const commandOf = ({ restores, multiRegion }: { readonly restores: boolean; readonly multiRegion: boolean }): fc.Arbitrary<Command> => fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('create' as const), variant: multiRegion ? fc.constantFrom(2, 3) : fc.nat(CREATE_VARIANTS.length - 1), region: fc.nat(REGIONS.length - 1) }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('import' as const), key: fc.nat(), material: fc.constantFrom(0, 0, 0, 1, 2), importType: fc.nat(2),
      // a point of a coarse grid (every 6 hours) at most 3 days ahead: materials expire at one instant
      validTo: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('key' as const), key: fc.nat(), op: multiRegion ? fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 6, 7, 7, 7, 8) : fc.nat(9), n: fc.nat(3) }), weight: 8 },
  { arbitrary: fc.record({ kind: fc.constant('clock' as const), ms: clockMove }), weight: 5 },
  // the clock to the next instant some key changes by itself, exactly, or a millisecond before or after
  { arbitrary: fc.record({ kind: fc.constant('tick' as const), offset: fc.constantFrom(0, 0, -1, 1) }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('set' as const), region: fc.nat(REGIONS.length - 1), external: fc.boolean(), validTo: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }) }),
    weight: multiRegion ? 3 : 0,
  },
  { arbitrary: fc.record({ kind: fc.constant('retire' as const), key: fc.nat(), primaryFirst: fc.boolean(), n: fc.nat(2) }), weight: multiRegion ? 2 : 0 },
  { arbitrary: fc.record({ kind: fc.constant('restore' as const), how: fc.nat(restores ? 1 : 0) }), weight: restores ? 3 : 1 },
)

/** A key the sequence made: where it is, whether its material is imported, whether it has related keys. */
interface Made { readonly keyId: string; readonly region: string; readonly external: boolean; readonly multiRegion: boolean }

interface World {
  readonly keys: Made[]
  /** The material ids imported into each key (`<id>@<Region>`), to delete one by its id. */
  readonly materials: Map<string, string[]>
}

const pick = (keys: readonly Made[], i: number): Made | undefined => keys[i % Math.max(keys.length, 1)]

/**
 * The request of a key command. The multi-Region operations go to multi-Region keys, mostly to
 * their primary (`set`: the reference's relation) and, for UpdatePrimaryRegion, to a Region
 * holding a related key.
 */
const requestOf = (c: Command & { readonly kind: 'key' }, world: World, set: (keyId: string) => MultiRegionKeySet | undefined): { readonly region: string; readonly op: string; readonly req: Body } | undefined => {
  const multi = c.op === 6 || c.op === 7 || c.op === 9
  const chosen = multi ? pick(world.keys.filter((m) => m.multiRegion), c.key) : pick(world.keys, c.key)
  if (chosen === undefined) return undefined
  const related = set(chosen.keyId)
  const k = multi && c.n !== 3 && related !== undefined ? { ...chosen, region: related.primaryRegion } : chosen
  const KeyId = k.keyId
  const other = REGIONS[c.n % REGIONS.length] ?? REGIONS[0]
  const newPrimary = c.n === 3 ? other : pick((related?.regions ?? []).filter((r) => r !== k.region).map((region) => ({ ...k, region })), c.n)?.region ?? other
  const ops: readonly [string, Body][] = [
    ...lifecycleRequests(KeyId, c.n, world.materials.get(`${KeyId}@${k.region}`)),
    ['RotateKeyOnDemand', { KeyId }],
    ['ReplicateKey', { KeyId, ReplicaRegion: other }],
    ['UpdatePrimaryRegion', { KeyId, PrimaryRegion: newPrimary }],
    ['ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 }],
    ['ReplicateKey', { KeyId, ReplicaRegion: other }],
  ]
  const [op, req] = ops[c.op] ?? ['DescribeKey', { KeyId }]
  return { region: k.region, op, req }
}

// ------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-settle-reference-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const runSequence = async (profile: ProfileSelector, commands: readonly Command[]): Promise<void> => {
  const clock: ManualClock = manualClock(T0)
  // one provider per side, the same seed; each side's provider lives on across its restores
  const refProvider: CryptoProvider = createDeterministicProvider({ seed: 31 })
  const subProvider: CryptoProvider = createDeterministicProvider({ seed: 31 })
  const refEvents: KmsEvent[] = []
  const subEvents: KmsEvent[] = []
  const options = { profile, region: REGIONS[0], clock, sealingKey: SEALING_KEY, tokenCacheSize: 0 }
  let reference = createEmulator({ ...options, crypto: refProvider, onEvent: (e) => refEvents.push(e) })
  let subject: { kms: Emulator; server?: RunningServer; file?: string } = { kms: createEmulator({ ...options, crypto: subProvider, onEvent: (e) => subEvents.push(e) }) }
  const context = { profile: reference.profile.name, region: REGIONS[0], accountId: reference.accountId }
  const world: World = { keys: [], materials: new Map() }
  const trail: string[] = []

  /** The reference at `now`: every key settled (the events that caused), restored from a snapshot of them when any changed. */
  const settleReference = (): readonly KmsEvent[] => {
    const settled = settleEveryKey(allKeys(reference.store()), clock.now())
    if (!settled.changed) return []
    const snapshot = toSnapshot(storeFromKeys(settled.records), context, Secret.of(SEALING_KEY), (n) => new Uint8Array(randomBytes(n)))
    const restored = restoreEmulator({ ...options, crypto: refProvider, state: JSON.parse(JSON.stringify(snapshot)), onEvent: (e) => refEvents.push(e) })
    if (restored._tag === 'Left') throw new Error(restored.left.message)
    reference = restored.right
    return settled.events
  }

  let compared: readonly [KeyStore | undefined, KeyStore | undefined] = [undefined, undefined]
  /** One request to both: the same answer, the same stored records, the same events. */
  const both = async (region: string, op: string, req: Body): Promise<Answer> => {
    const expectedEvents = settleReference()
    const subFrom = subEvents.length
    const expected = await call(reference, region, op, req)
    const actual = await call(subject.kms, region, op, req)
    const where = (): string => `${trail.join('\n')}\n@${clock.now() - T0}: ${op} ${JSON.stringify(req)} in ${region}`
    // (the matchers only where the JSON texts differ: they are slow, and this runs some 10,000 times)
    if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual, where()).toEqual(expected)
    // the reference settled everything itself: its own settling finds nothing
    if (refEvents.length > 0) expect(refEvents, where()).toEqual([])
    const reported = subEvents.slice(subFrom)
    if (reported.length > 0 || expectedEvents.length > 0) {
      expect(canonical(reported), where()).toEqual(canonical(expectedEvents))
      expect(reported.map((e) => e.eventTime), `${where()}: events oldest first`).toEqual(reported.map((e) => e.eventTime).sort((a, b) => a - b))
    }
    // the stored records, unless neither store changed since they were last found the same
    const stores = [subject.kms.store(), reference.store()] as const
    if (stores[0] !== compared[0] || stores[1] !== compared[1]) {
      const [mine, theirs] = stores.map((st) => JSON.stringify(allKeys(st).map(comparable)))
      if (mine !== theirs) expect(allKeys(stores[0]).map(comparable), where()).toEqual(allKeys(stores[1]).map(comparable))
      compared = stores
    }
    return expected
  }

  /** Every key read in its Region, and every Region's listing. */
  const observe = async (): Promise<void> => {
    for (const region of REGIONS) {
      await both(region, 'ListKeys', {})
      let Marker: string | undefined
      for (let page = 0; page < 20; page++) {
        const a = await both(region, 'ListKeys', { Limit: 2, ...(Marker === undefined ? {} : { Marker }) })
        Marker = typeof a.body.NextMarker === 'string' ? a.body.NextMarker : undefined
        if (Marker === undefined) break
      }
    }
    for (const { keyId: KeyId, region } of world.keys) {
      await both(region, 'DescribeKey', { KeyId })
      await both(region, 'ListKeyRotations', { KeyId })
    }
  }

  const startServer = async (file: string): Promise<typeof subject> => {
    const server = await serve({ ...options, port: 0, quiet: true, stateFile: file, crypto: subProvider, onEvent: (e) => subEvents.push(e) })
    return { kms: server.emulator, server, file }
  }

  /** The subject through a snapshot (its sealing draws nonces from its provider: the reference draws as many), or a server restarted. */
  const restore = async (how: number): Promise<void> => {
    if (how === 0) {
      reference.snapshot()
      const saved: unknown = JSON.parse(JSON.stringify(subject.kms.snapshot()))
      await subject.server?.close()
      subject = { kms: createEmulator({ ...options, crypto: subProvider, state: saved, onEvent: (e) => subEvents.push(e) }) }
      return
    }
    if (subject.file !== undefined && subject.server !== undefined) {
      await subject.server.close()
      subject = await startServer(subject.file)
      return
    }
    // the subject moves onto a state file: a server started on the snapshot written there
    reference.snapshot()
    const file = join(dir, `state-${Math.random().toString(36).slice(2)}.mdb`)
    writeFileSync(`${file}.key`, Buffer.from(SEALING_KEY).toString('hex'), { mode: 0o600 })
    writeFileSync(file, JSON.stringify(subject.kms.snapshot()), { mode: 0o600 })
    await subject.server?.close()
    subject = await startServer(file)
  }

  /** GetParametersForImport and ImportKeyMaterial of one of the materials, with a ValidTo on the grid or none. */
  const importInto = async (k: Made, c: { readonly material: number; readonly validTo: number | undefined; readonly importType: number }): Promise<void> => {
    const p = await both(k.region, 'GetParametersForImport', { KeyId: k.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })
    if (p.status !== 200) return
    const EncryptedKeyMaterial = Buffer.from(wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.body.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', MATERIALS[c.material] ?? MATERIALS[0])).toString('base64')
    const importType = profile === 'latest' ? [{}, { ImportType: 'NEW_KEY_MATERIAL' }, { ImportType: 'EXISTING_KEY_MATERIAL' }][c.importType] : {}
    const imported = await both(k.region, 'ImportKeyMaterial', {
      KeyId: k.keyId, ImportToken: p.body.ImportToken, EncryptedKeyMaterial, ...importType,
      ...(c.validTo === undefined ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: (Math.ceil(clock.now() / GRID) + c.validTo) * GRID / 1000 }),
    })
    const slot = `${k.keyId}@${k.region}`
    if (typeof imported.body.KeyMaterialId === 'string' && !(world.materials.get(slot) ?? []).includes(imported.body.KeyMaterialId)) {
      world.materials.set(slot, [...(world.materials.get(slot) ?? []), imported.body.KeyMaterialId])
    }
  }

  try {
    for (const c of commands) {
      trail.push(`@${clock.now() - T0}: ${JSON.stringify(c)}`)
      if (c.kind === 'clock') {
        clock.set(clock.now() + c.ms)
      } else if (c.kind === 'tick') {
        const next = Math.min(...allKeys(reference.store()).map(keyDeadline))
        if (Number.isFinite(next)) clock.set(Math.max(clock.now(), next + c.offset))
      } else if (c.kind === 'restore') {
        await restore(c.how)
      } else if (c.kind === 'create') {
        const region = REGIONS[c.region] ?? REGIONS[0]
        const request = CREATE_VARIANTS[c.variant] ?? {}
        const a = await both(region, 'CreateKey', request)
        if (a.status === 200) world.keys.push({ keyId: String((a.body.KeyMetadata as Body).KeyId), region, external: request.Origin === 'EXTERNAL', multiRegion: request.MultiRegion === true })
      } else if (c.kind === 'import') {
        const k = pick(world.keys.filter((m) => m.external), c.key)
        if (k !== undefined) await importInto(k, c)
      } else if (c.kind === 'set') {
        // a multi-Region key (its material imported) and its replicas in the other Regions
        const region = REGIONS[c.region] ?? REGIONS[0]
        const a = await both(region, 'CreateKey', { MultiRegion: true, ...(c.external ? { Origin: 'EXTERNAL' } : {}) })
        if (a.status !== 200) continue
        const primary = { keyId: String((a.body.KeyMetadata as Body).KeyId), region, external: c.external, multiRegion: true }
        world.keys.push(primary)
        if (c.external) await importInto(primary, { material: 0, validTo: c.validTo, importType: 0 })
        for (const other of REGIONS.filter((r) => r !== region)) {
          const replicated = await both(region, 'ReplicateKey', { KeyId: primary.keyId, ReplicaRegion: other })
          if (replicated.status === 200) world.keys.push({ ...primary, region: other })
        }
      } else if (c.kind === 'retire') {
        // every key of a multi-Region set scheduled for deletion, the primary first (PendingReplicaDeletion) or last
        const k = pick(world.keys.filter((m) => m.multiRegion), c.key)
        const set = k === undefined ? undefined : multiRegionKeySet(reference.store(), k.keyId)
        if (k === undefined || set === undefined) continue
        const replicas = set.regions.filter((r) => r !== set.primaryRegion)
        const order = c.primaryFirst ? [set.primaryRegion, ...replicas] : [...replicas, set.primaryRegion]
        for (const [i, region] of order.entries()) await both(region, 'ScheduleKeyDeletion', { KeyId: k.keyId, PendingWindowInDays: 7 + ((c.n + i) % 3) })
      } else {
        const r = requestOf(c, world, (keyId) => multiRegionKeySet(reference.store(), keyId))
        if (r === undefined) continue
        const a = await both(r.region, r.op, r.req)
        const made = world.keys.find((m) => m.keyId === r.req.KeyId)
        if (a.status === 200 && r.op === 'ReplicateKey' && made !== undefined) world.keys.push({ ...made, region: String(r.req.ReplicaRegion) })
      }
      // a clock move is no request: the next command is the first request at the new instant
      if (c.kind !== 'clock' && c.kind !== 'tick') await observe()
    }
    await observe()
  } finally {
    reference.close()
    await subject.server?.close()
    subject.kms.close()
  }
}

describe('every key is as settleKey says at every request: the emulator against a reference that settles every key', () => {
  it.each(['classic', 'latest'] as const)('%s: random operations and clock moves (forward, zero, backward), through snapshots', async (profile) => {
    await fc.assert(fc.asyncProperty(fc.array(commandOf({ restores: false, multiRegion: false }), { minLength: 20, maxLength: 50 }), async (commands) => {
      await runSequence(profile, commands)
    }), { numRuns: 40 })
  })

  it.each(['classic', 'latest'] as const)('%s: multi-Region keys replicated, their primary moved, deleted while replicas wait', async (profile) => {
    await fc.assert(fc.asyncProperty(fc.array(commandOf({ restores: false, multiRegion: true }), { minLength: 20, maxLength: 50 }), async (commands) => {
      await runSequence(profile, commands)
    }), { numRuns: 25 })
  })

  it('through `serve --state` restarts', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom('classic', 'latest' as const), fc.array(commandOf({ restores: true, multiRegion: false }), { minLength: 5, maxLength: 30 }), async (profile, commands) => {
      await runSequence(profile, commands)
    }), { numRuns: 10 })
  })
})


describe('sequences where a deadline and a request meet (each against the reference)', () => {
  const DESCRIBE = 99 // a key command past the list: DescribeKey
  type Seq = readonly Command[]
  const sequences: readonly (readonly [string, ProfileSelector, Seq])[] = [
    ['material expired while PendingDeletion, then CancelKeyDeletion (the first request since): PendingImport', 'classic', [
      { kind: 'create', variant: 1, region: 0 },
      { kind: 'import', key: 0, material: 0, validTo: 1, importType: 0 },
      { kind: 'key', key: 0, op: 8, n: 0 }, // ScheduleKeyDeletion, 7 days
      { kind: 'clock', ms: DAY },
      { kind: 'key', key: 0, op: 1, n: 0 }, // CancelKeyDeletion
      { kind: 'key', key: 0, op: 3, n: 0 }, // EnableKey: pending import
    ]],
    ['the waiting period and a ValidTo after it pass with no request: only DeleteKey', 'classic', [
      { kind: 'create', variant: 1, region: 0 },
      { kind: 'import', key: 0, material: 0, validTo: 12, importType: 0 },
      { kind: 'key', key: 0, op: 8, n: 0 },
      { kind: 'clock', ms: 9 * DAY },
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
    ]],
    ['UpdatePrimaryRegion while the replica is Creating, at its end, and during Updating', 'classic', [
      { kind: 'create', variant: 2, region: 0 },
      { kind: 'key', key: 0, op: 6, n: 1 }, // ReplicateKey to eu-west-1
      { kind: 'key', key: 0, op: 7, n: 0 }, // UpdatePrimaryRegion to it: creating
      { kind: 'tick', offset: -1 },
      { kind: 'key', key: 0, op: 7, n: 0 },
      { kind: 'tick', offset: 0 },
      { kind: 'key', key: 0, op: 7, n: 0 }, // now Enabled: Updating
      { kind: 'key', key: 1, op: 7, n: 0 }, // the new primary is Updating
      { kind: 'tick', offset: 0 },
      { kind: 'key', key: 1, op: 7, n: 0 }, // back to us-east-1
    ]],
    ['imported material expiring while its key is Updating: PendingImport when the update ends', 'classic', [
      { kind: 'set', region: 0, external: true, validTo: 1 },
      { kind: 'tick', offset: 0 }, // the replicas' Creating ends
      { kind: 'import', key: 1, material: 0, validTo: undefined, importType: 0 },
      { kind: 'tick', offset: -1 }, // a millisecond before the primary's ValidTo
      { kind: 'key', key: 0, op: 7, n: 0 }, // UpdatePrimaryRegion to eu-west-1
      { kind: 'tick', offset: 0 }, // the ValidTo, while Updating
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
      { kind: 'tick', offset: 0 }, // the update's end
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
    ]],
    ['the clock moved back past an expiry nobody saw, forward again, and back', 'classic', [
      { kind: 'create', variant: 1, region: 0 },
      { kind: 'import', key: 0, material: 0, validTo: 1, importType: 0 },
      { kind: 'clock', ms: DAY },
      { kind: 'clock', ms: -2 * DAY }, // before the ValidTo, which no request saw pass
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
      { kind: 'key', key: 0, op: 8, n: 0 }, // a deletion date before every other deadline
      { kind: 'clock', ms: 3 * DAY },
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
      { kind: 'clock', ms: -3 * DAY },
      { kind: 'key', key: 0, op: 1, n: 0 },
      { kind: 'clock', ms: 8 * DAY },
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
    ]],
    ['a replica deleted and replicated again into its Region, under an entry its predecessor left', 'classic', [
      { kind: 'create', variant: 2, region: 0 },
      { kind: 'key', key: 0, op: 6, n: 1 },
      { kind: 'tick', offset: 0 },
      { kind: 'key', key: 1, op: 0, n: 3 }, // ScheduleKeyDeletion, 10 days
      { kind: 'key', key: 1, op: 1, n: 0 }, // cancelled: its entry stays
      { kind: 'key', key: 1, op: 8, n: 0 }, // 7 days
      { kind: 'clock', ms: 8 * DAY },
      { kind: 'key', key: 0, op: 6, n: 1 }, // the same slot again
      { kind: 'clock', ms: 2 * DAY + 1 }, // the 10-day entry comes: the new replica is not due
      { kind: 'key', key: 0, op: 7, n: 0 },
      { kind: 'tick', offset: 0 },
    ]],
    ['a primary waiting on its replicas: the last one goes, the primary\'s own material expires meanwhile', 'classic', [
      { kind: 'set', region: 0, external: true, validTo: 12 },
      { kind: 'retire', key: 0, primaryFirst: true, n: 2 },
      { kind: 'clock', ms: 9 * DAY },
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
      { kind: 'clock', ms: 7 * DAY },
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
    ]],
    ['2025-06-05: the current and a pending material expiring at one instant, then rotated and deleted by id', 'latest', [
      { kind: 'create', variant: 1, region: 0 },
      { kind: 'import', key: 0, material: 0, validTo: 2, importType: 1 },
      { kind: 'import', key: 0, material: 1, validTo: 2, importType: 1 },
      { kind: 'import', key: 0, material: 2, validTo: 2, importType: 1 }, // refused: one is pending rotation
      { kind: 'tick', offset: 0 },
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
      { kind: 'import', key: 0, material: 0, validTo: 3, importType: 2 },
      { kind: 'import', key: 0, material: 1, validTo: 3, importType: 2 },
      { kind: 'key', key: 0, op: 5, n: 0 }, // RotateKeyOnDemand
      { kind: 'key', key: 0, op: 4, n: 2 }, // DeleteImportedKeyMaterial of the second material, by id
      { kind: 'tick', offset: 0 },
      { kind: 'key', key: 0, op: DESCRIBE, n: 0 },
    ]],
  ]
  it.each(sequences)('%s', async (_name, profile, commands) => {
    await runSequence(profile, commands)
  })
})
