/**
 * A commit that fails is loud and safe: the request is answered 500 KMSInternalException, nothing
 * of it is acknowledged or kept, the reason is logged once per episode, changes are refused
 * without touching the database until a backoff has passed, and the first commit that succeeds
 * again ends the episode. The database below is the real one; only its `write` is made to fail,
 * as a full disk would.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator, type Emulator } from 'kms-key-import'
import { openStateDb, stateJournal, type Journal, type StateDb } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-fail-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const call = async (kms: Emulator, op: string, body: object) => {
  const res = await kms.handle({ target: `TrentService.${op}`, body: JSON.stringify(body) })
  return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> }
}

/** Waits, a turn of the event loop at a time, until `ready` (the test's own timeout bounds it). */
const waitFor = async (ready: () => boolean): Promise<void> => {
  while (!ready()) await new Promise((resolve) => setImmediate(resolve))
}

describe('a commit that succeeds', () => {
  it('is acknowledged only once the database says it is written: no answer before the write settles', async () => {
    const opened = openStateDb({ stateFile: join(dir, 'kms.mdb') })
    // the database's own write, held until released: a late disk
    const held: (() => void)[] = []
    const db: StateDb = {
      ...opened.db, path: opened.db.path, keysAtOpen: 0,
      write: (p, r, h) => new Promise<void>((resolve, reject) => held.push(() => void opened.db.write(p, r, h).then(resolve, reject))),
    }
    const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey, journal: stateJournal({ db, sealingKey: opened.sealingKey, log: () => undefined }) })
    let answered = false
    const created = call(kms, 'CreateKey', {}).then((r) => {
      answered = true
      return r
    })
    // a read of that key's store waits too (it may have read the change)
    let listed = false
    const list = call(kms, 'ListKeys', {}).then((r) => {
      listed = true
      return r
    })
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
    expect(held).toHaveLength(1)
    expect([answered, listed]).toEqual([false, false])
    held[0]?.()
    expect((await created).status).toBe(200)
    expect((await list).status).toBe(200)
    kms.close()
    await opened.db.close()
  })
})

/**
 * An emulator on a state database whose every commit fails (EIO), with the journal's backoff on a
 * clock the test sets (`clock.t`, ms), counting the commits it tries.
 */
const alwaysFailing = (backoff: { readonly minBackoffMs?: number; readonly maxBackoffMs?: number } = {}) => {
  const opened = openStateDb({ stateFile: join(dir, 'kms.mdb') })
  let writes = 0
  const db: StateDb = { ...opened.db, path: opened.db.path, keysAtOpen: 0, write: () => (writes++, Promise.reject(new Error('EIO'))) }
  const clock = { t: 0 }
  const kms = createEmulator({
    crypto: createDeterministicProvider(), sealingKey: opened.sealingKey,
    journal: stateJournal({ db, sealingKey: opened.sealingKey, log: () => undefined, now: () => clock.t, ...backoff }),
  })
  return { kms, clock, writes: () => writes, close: async () => (kms.close(), await opened.db.close()) }
}

describe('a commit that fails', () => {
  it('is refused with 500, kept nowhere, logged once per episode, retried after a doubling backoff', async () => {
    const file = join(dir, 'kms.mdb')
    const opened = openStateDb({ stateFile: file })
    let failing = false
    let writes = 0
    const db: StateDb = {
      ...opened.db,
      path: opened.db.path,
      keysAtOpen: opened.db.keysAtOpen,
      write: (put, removed, header) => {
        writes++
        return failing ? Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) : opened.db.write(put, removed, header)
      },
    }
    const log: string[] = []
    let t = 0
    const kms = createEmulator({
      crypto: createDeterministicProvider(), sealingKey: opened.sealingKey,
      journal: stateJournal({ db, sealingKey: opened.sealingKey, log: (line) => log.push(line), now: () => t, minBackoffMs: 100 }),
    })
    const a = await call(kms, 'CreateKey', { Description: 'a' })
    expect(a.status).toBe(200)
    const KeyId = (a.body.KeyMetadata as { KeyId: string }).KeyId

    failing = true
    const b = await call(kms, 'CreateKey', { Description: 'b' })
    expect(b).toEqual({ status: 500, body: { __type: 'KMSInternalException', message: 'An internal error occurred.' } })
    expect(kms.snapshot().keys.map((k) => k.description)).toEqual(['a']) // what is durable
    expect(log).toEqual([`kms-key-import: state: cannot commit to ${file} (ENOSPC: no space left on device); state changes are refused (500 KMSInternalException, nothing acknowledged) and retried with backoff`])

    // within the backoff: refused at once, the database not touched, reads still served
    const writesBefore = writes
    expect((await call(kms, 'DisableKey', { KeyId })).status).toBe(500)
    expect(writes).toBe(writesBefore)
    expect(((await call(kms, 'DescribeKey', { KeyId })).body.KeyMetadata as { KeyState: string }).KeyState).toBe('Enabled')

    t = 100 // retried, fails again: the backoff doubles to 200
    expect((await call(kms, 'DisableKey', { KeyId })).status).toBe(500)
    expect(writes).toBe(writesBefore + 1)
    t = 250
    expect((await call(kms, 'DisableKey', { KeyId })).status).toBe(500)
    expect(writes).toBe(writesBefore + 1)
    expect(log).toHaveLength(1)

    failing = false
    t = 300
    expect((await call(kms, 'DisableKey', { KeyId })).status).toBe(200)
    expect(log[1]).toBe(`kms-key-import: state: commits to ${file} again (4 requests answered 500 meanwhile)`)
    // the episode is over: commits that succeed log nothing more, and the next failure begins an
    // episode of its own, logged once
    expect((await call(kms, 'EnableKey', { KeyId })).status).toBe(200)
    expect((await call(kms, 'DisableKey', { KeyId })).status).toBe(200)
    expect(log).toHaveLength(2)
    failing = true
    t = 10_000
    expect((await call(kms, 'CreateKey', { Description: 'c' })).status).toBe(500)
    expect((await call(kms, 'CreateKey', { Description: 'c' })).status).toBe(500)
    expect(log.slice(2)).toEqual([`kms-key-import: state: cannot commit to ${file} (ENOSPC: no space left on device); state changes are refused (500 KMSInternalException, nothing acknowledged) and retried with backoff`])
    kms.close()
    await opened.db.close()

    const again = openStateDb({ stateFile: file })
    const restored = createEmulator({ crypto: createDeterministicProvider(), sealingKey: again.sealingKey, state: again.state })
    expect(restored.snapshot().keys.map((k) => [k.description, k.state])).toEqual([['a', 'Disabled']])
    await again.db.close()
  })

  it('backs off by doubling up to maxBackoffMs, then retries at that interval', async () => {
    const { kms, clock, writes, close } = alwaysFailing({ minBackoffMs: 100, maxBackoffMs: 400 })
    // retries at 100 (then 200 later), 300 (400), 700 (capped: 400, not 800), 1100
    const attempts: [number, number][] = []
    for (const at of [0, 100, 299, 300, 699, 700, 1099, 1100]) {
      clock.t = at
      expect((await call(kms, 'CreateKey', {})).status).toBe(500)
      attempts.push([at, writes()])
    }
    expect(attempts).toEqual([[0, 1], [100, 2], [299, 2], [300, 3], [699, 3], [700, 4], [1099, 4], [1100, 5]])
    await close()
  })

  it('backs off from 100 ms, doubling to 30 s, when no backoff is given (the defaults docs/security.md promises)', async () => {
    const { kms, clock, writes, close } = alwaysFailing()
    expect((await call(kms, 'CreateKey', {})).status).toBe(500)
    // each retry comes exactly one backoff after the one before, never a millisecond sooner
    const backoffs: number[] = []
    let at = 0
    let delay = 100
    for (let retry = 0; retry < 12; retry++) {
      clock.t = at + delay - 1
      const before = writes()
      expect((await call(kms, 'CreateKey', {})).status).toBe(500)
      expect(writes()).toBe(before)
      clock.t = at + delay
      expect((await call(kms, 'CreateKey', {})).status).toBe(500)
      expect(writes()).toBe(before + 1)
      backoffs.push(delay)
      at = clock.t
      delay = Math.min(2 * delay, 30_000)
    }
    expect(backoffs).toEqual([100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000, 30_000])
    await close()
  })

  it('fails every request that waited on it, including reads of its changes', async () => {
    const opened = openStateDb({ stateFile: join(dir, 'kms.mdb') })
    let failing = false
    const db: StateDb = { ...opened.db, path: opened.db.path, keysAtOpen: 0, write: (p, r, h) => (failing ? Promise.reject(new Error('EIO')) : opened.db.write(p, r, h)) }
    const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey, journal: stateJournal({ db, sealingKey: opened.sealingKey, log: () => undefined }) })
    failing = true
    // the three run before the commit of the first settles: the read saw an undurable key
    const [created, listed] = await Promise.all([call(kms, 'CreateKey', {}), call(kms, 'ListKeyRotations', { KeyId: '00000000-0000-4000-8000-000000000000' })])
    expect(created.status).toBe(500)
    expect(listed.status).toBe(500)
    expect(kms.snapshot().keys).toEqual([])
    kms.close()
    await opened.db.close()
  })

  it('once the journal is closing, a change is refused 500 without beginning an episode (no log line)', async () => {
    const opened = openStateDb({ stateFile: join(dir, 'kms.mdb') })
    const log: string[] = []
    let journal: Journal | undefined
    const kms = createEmulator({
      crypto: createDeterministicProvider(), sealingKey: opened.sealingKey,
      journal: (shell) => (journal = stateJournal({ db: opened.db, sealingKey: opened.sealingKey, log: (line) => log.push(line) })(shell)),
    })
    expect((await call(kms, 'CreateKey', {})).status).toBe(200)
    await journal?.close() // closes the database
    expect(await call(kms, 'CreateKey', {})).toEqual({ status: 500, body: { __type: 'KMSInternalException', message: 'An internal error occurred.' } })
    expect(log).toEqual([])
    kms.close()
  })

  it('falls back to no change of a refused request when a commit before it was acknowledged while it was in flight', async () => {
    const opened = openStateDb({ stateFile: join(dir, 'kms.mdb') })
    // the database's writes, held until the test settles them: a late disk
    const held: { readonly settle: (ok: boolean) => void }[] = []
    let unreadable = false
    const db: StateDb = {
      ...opened.db, path: opened.db.path, keysAtOpen: 0,
      write: (p, r, h) => new Promise<void>((resolve, reject) => held.push({ settle: (ok) => (ok ? void opened.db.write(p, r, h).then(resolve, reject) : reject(new Error('EIO'))) })),
      read: () => {
        if (unreadable) throw new Error('EIO')
        return opened.db.read()
      },
    }
    const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey, journal: stateJournal({ db, sealingKey: opened.sealingKey, log: () => undefined }) })
    const a = call(kms, 'CreateKey', { Description: 'a' })
    await waitFor(() => held.length === 1)
    held[0]?.settle(true)
    expect((await a).status).toBe(200)
    // b and c committed one after the other, both in flight
    const b = call(kms, 'CreateKey', { Description: 'b' })
    const c = call(kms, 'CreateKey', { Description: 'c' })
    await waitFor(() => held.length === 3)
    held[1]?.settle(true) // b is on disk while c is not yet
    expect((await b).status).toBe(200)
    unreadable = true
    held[2]?.settle(false)
    expect((await c).status).toBe(500)
    // c was never acknowledged: the store it falls back to must not hold it
    expect(kms.snapshot().keys.map((k) => k.description)).not.toContain('c')
    kms.close()
    await opened.db.close()
  })

  it('falls back to the store of the last commits that succeeded when the database cannot be read either', async () => {
    const opened = openStateDb({ stateFile: join(dir, 'kms.mdb') })
    let failing = false
    const db: StateDb = {
      ...opened.db, path: opened.db.path, keysAtOpen: 0,
      write: (p, r, h) => (failing ? Promise.reject(new Error('EIO')) : opened.db.write(p, r, h)),
      read: () => {
        if (failing) throw new Error('EIO')
        return opened.db.read()
      },
    }
    const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey, journal: stateJournal({ db, sealingKey: opened.sealingKey, log: () => undefined }) })
    // three commits in flight together, all acknowledged
    const made = await Promise.all(['a', 'b', 'c'].map((Description) => call(kms, 'CreateKey', { Description })))
    expect(made.map((m) => m.status)).toEqual([200, 200, 200])
    failing = true
    expect((await call(kms, 'CreateKey', { Description: 'lost' })).status).toBe(500)
    expect(kms.snapshot().keys.map((k) => k.description).sort()).toEqual(['a', 'b', 'c'])
    kms.close()
    await opened.db.close()
  })
})
