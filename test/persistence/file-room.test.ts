/**
 * The room written before each commit of the state database (src/persistence/file-room.ts): zeros
 * past the file's end, so that LMDB's own writes land inside the file and a full disk fails in a
 * write of ours, not in LMDB's (whose failure path can end the process, docs/security.md). It is
 * only worth anything if LMDB stays inside it, and only safe if it never touches LMDB's pages:
 * - `commitRoom` bounds what a commit adds past LMDB's last page, for any commit (checked against
 *   LMDB itself, over random commits of new, rewritten and removed records of every size);
 * - through the state database, LMDB never grows the file itself (its size stays a whole number
 *   of MiB, as the room leaves it; a page LMDB wrote past the end would leave it at a page), and
 *   every record reads back as written, across a restart.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { open } from 'lmdb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator } from 'kms-key-import'
import { openStateDb, readStateDb } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { commitRoom, fileRoom, largeRecord } from '../../src/persistence/file-room.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-room-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const MiB = 1 << 20

/** One commit: records put new (their sizes), records rewritten and removed (indexes into those stored). */
interface Commit {
  readonly added: readonly number[]
  readonly rewritten: readonly { readonly at: number; readonly size: number }[]
  readonly removed: readonly number[]
}
// sizes from a few bytes to values LMDB stores on overflow pages (a policy of 32 KiB, tags)
const size = fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 2_000, max: 40_000 }))
const commit: fc.Arbitrary<Commit> = fc.record({
  added: fc.array(size, { maxLength: 300 }),
  rewritten: fc.array(fc.record({ at: fc.nat(), size }), { maxLength: 40 }),
  removed: fc.array(fc.nat(), { maxLength: 40 }),
})

/** The snapshot of an emulator holding `n` new keys (their records as a state database stores them). */
const snapshotOf = async (n: number, seed: number) => {
  const kms = createEmulator({ crypto: createDeterministicProvider({ seed }), sealingKey: new Uint8Array(32).fill(4) })
  for (let i = 0; i < n; i++) await kms.invoke('CreateKey', {})
  const snapshot = kms.snapshot()
  kms.close()
  return snapshot
}

interface Env {
  stat(): { readonly pageSize: number; readonly treeDepth: number }
  info(): { readonly lastPageNumber: number }
}

describe('the room of the state database', () => {
  it('bounds what any commit adds past LMDB\'s last page (commitRoom, against LMDB)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(commit, { minLength: 1, maxLength: 12 }), async (commits) => {
      const file = join(dir, `bound-${Math.random().toString(36).slice(2)}.mdb`)
      const db = open<unknown, string>({ path: file, noSubdir: true, overlappingSync: false, encoding: 'json' })
      const env = (db as unknown as { env: Env }).env
      const used = (): number => (env.info().lastPageNumber + 1) * env.stat().pageSize
      const stored: string[] = []
      let seq = 0
      try {
        for (const c of commits) {
          const bound = { bytes: 0, records: 0, large: 0, touched: 0 }
          const puts: [string, string][] = []
          const removes: string[] = []
          for (const n of c.added) puts.push([`key:${String(seq++).padStart(12, '0')}`, 'v'.repeat(n)])
          for (const { at, size: n } of c.rewritten) if (stored.length > 0) puts.push([stored[at % stored.length] as string, 'w'.repeat(n)])
          for (const at of c.removed) {
            if (stored.length === 0) break
            removes.push(...stored.splice(at % stored.length, 1))
          }
          for (const [name, value] of puts) {
            const bytes = Buffer.byteLength(JSON.stringify(value))
            bound.bytes += bytes
            bound.records++
            if (largeRecord(env.stat().pageSize, bytes)) bound.large++
            if (stored.includes(name) || removes.includes(name)) bound.touched++
          }
          bound.touched += removes.length
          const before = used()
          const room = commitRoom(env.stat().pageSize, env.stat().treeDepth, bound)
          db.transactionSync(() => {
            for (const name of removes) void db.remove(name)
            for (const [name, value] of puts) void db.put(name, value)
          })
          for (const [name] of puts) if (!stored.includes(name)) stored.push(name)
          expect(used() - before).toBeLessThanOrEqual(room)
        }
      } finally {
        await db.close()
        rmSync(file, { force: true })
        rmSync(`${file}-lock`, { force: true })
      }
    }), { numRuns: 25 })
  }, 120_000)

  it('bounds a commit of many small records in one transaction, as `state import` makes (commitRoom, against LMDB)', async () => {
    // 2,000 records of ≈600 bytes: leaves filled by appends, half full at worst, take about twice
    // the records' bytes, more than the random commits above ever ask
    const file = join(dir, 'import-bound.mdb')
    const db = open<unknown, string>({ path: file, noSubdir: true, overlappingSync: false, encoding: 'json' })
    const env = (db as unknown as { env: Env }).env
    const used = (): number => (env.info().lastPageNumber + 1) * env.stat().pageSize
    try {
      const value = 'v'.repeat(600)
      const bytes = Buffer.byteLength(JSON.stringify(value))
      const bound = { bytes: 2_000 * bytes, records: 2_000, large: largeRecord(env.stat().pageSize, bytes) ? 2_000 : 0, touched: 0 }
      const before = used()
      const room = commitRoom(env.stat().pageSize, env.stat().treeDepth, bound)
      db.transactionSync(() => {
        for (let i = 0; i < 2_000; i++) void db.put(`key:${String(i).padStart(12, '0')}`, value)
      })
      expect(used() - before).toBeLessThanOrEqual(room)
    } finally {
      await db.close()
    }
  })

  it('keeps LMDB inside the room through the state database, and every record as written, across a restart', async () => {
    // keys of a real emulator, their records made larger or smaller by their description
    const { keys, ...header } = await snapshotOf(200, 9)
    await fc.assert(fc.asyncProperty(fc.array(fc.array(fc.record({ at: fc.nat({ max: keys.length - 1 }), size: fc.integer({ min: 0, max: 40_000 }), remove: fc.boolean() }), { minLength: 1, maxLength: 200, size: 'max' }), { minLength: 1, maxLength: 6 }), async (groups) => {
      const file = join(dir, `db-${Math.random().toString(36).slice(2)}.mdb`)
      const opened = openStateDb({ stateFile: file })
      const model = new Map<string, string>()
      try {
        for (const group of groups) {
          // one group: its writes issued together, committed together (the first alone, the rest in
          // the next transaction: up to ≈8 MB, more than the spare room, so LMDB stays inside only
          // if the bound holds)
          const writes = group.map(({ at, size: n, remove }) => {
            const key = keys[at] as (typeof keys)[number]
            if (remove) {
              model.delete(key.keyId)
              return opened.db.write([], [key.keyId], header)
            }
            const description = 'd'.repeat(n)
            model.set(key.keyId, description)
            return opened.db.write([{ ...key, description }], [], header)
          })
          await Promise.all(writes)
          // the size the room left: LMDB wrote no page past it
          expect(statSync(file).size % MiB).toBe(0)
        }
      } finally {
        await opened.db.close()
      }
      const stored = readStateDb(file)
      if (stored._tag === 'Left') throw new Error(stored.left.message)
      const read = (stored.right as { keys: { keyId: string; description: string }[] }).keys
      expect(new Map(read.map((k) => [k.keyId, k.description]))).toEqual(model)
      // a failure is reported as found: shrinking megabytes of commits would outlast the timeout
    }), { numRuns: 10, endOnFailure: true })
  }, 120_000)

  it('leaves past LMDB\'s pages no more than twice a commit of many small records and the spare (an import)', async () => {
    // `state import` writes every key in one commit: records of ≈600 bytes, none on overflow pages
    const { keys, ...header } = await snapshotOf(2_000, 5)
    const bytes = keys.reduce((sum, key, seq) => sum + Buffer.byteLength(JSON.stringify({ seq, key })), Buffer.byteLength(JSON.stringify(header)))
    const file = join(dir, 'import.mdb')
    const opened = openStateDb({ stateFile: file })
    await opened.db.write(keys, [], header)
    await opened.db.close()
    const db = open<unknown, string>({ path: file, noSubdir: true, readOnly: true })
    const env = (db as unknown as { env: Env }).env
    const used = (env.info().lastPageNumber + 1) * env.stat().pageSize
    await db.close()
    // docs/security.md: the spare (an eighth of the state, at least 1 MiB, the size rounded up to a
    // MiB), and after a commit of many megabytes up to twice that commit
    expect(statSync(file).size - used).toBeLessThanOrEqual(2 * bytes + Math.max(MiB, used / 8) + MiB)
  }, 120_000)

  it('writes zeros past the file\'s end only, to a whole number of MiB, and nothing while the room suffices', () => {
    const file = join(dir, 'file')
    const content = createHash('sha256').update('pages').digest().toString('hex').repeat(300)
    writeFileSync(file, content, { mode: 0o600 })
    let used = content.length
    const room = fileRoom(file, () => used)
    try {
      room.ensure(10_000)
      const size = statSync(file).size
      // an eighth of what is used, at least 1 MiB, spare, and the size rounded up to a MiB
      expect(size).toBe(Math.ceil((used + 10_000 + MiB) / MiB) * MiB)
      const bytes = readFileSync(file)
      expect(bytes.subarray(0, used).toString()).toBe(content)
      expect(bytes.subarray(used).every((b) => b === 0)).toBe(true)
      // room enough: nothing written
      used += 500_000
      room.ensure(size - used)
      expect(statSync(file).size).toBe(size)
      // not enough: the file grows from its end
      room.ensure(size - used + 1)
      expect(statSync(file).size).toBe(Math.ceil((used + size - used + 1 + MiB) / MiB) * MiB)
      expect(readFileSync(file).subarray(0, content.length).toString()).toBe(content)
    } finally {
      room.close()
      room.close()
    }
  })

  it('writes the same zeros off the event loop when asked to prepare, and nothing to wait for while the room suffices', async () => {
    const file = join(dir, 'file')
    const content = 'p'.repeat(3 * 4096)
    writeFileSync(file, content, { mode: 0o600 })
    const room = fileRoom(file, () => content.length)
    try {
      const making = room.prepare(10_000)
      expect(making).toBeInstanceOf(Promise)
      await making
      expect(statSync(file).size).toBe(Math.ceil((content.length + 10_000 + MiB) / MiB) * MiB)
      expect(readFileSync(file).subarray(0, content.length).toString()).toBe(content)
      expect(room.prepare(statSync(file).size - content.length)).toBeUndefined()
    } finally {
      room.close()
    }
  })
})
