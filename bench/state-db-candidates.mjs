// The measurement behind the choice of LMDB for `serve --state` (docs/performance.md, "State
// database"): lmdb against better-sqlite3, 1, 8 and 64 closed-loop writers, each writing one
// ~600-byte key record under the next sequence number and waiting until it is durable (committed
// and flushed) before the next; 2 s each. Two lmdb settings that are NOT durable are measured beside
// them, only to show what the flushes cost. better-sqlite3 is not a dependency (it compiles from
// source here, ≈1–5 min): to rerun,
//   npm i --no-save better-sqlite3@12 && node bench/state-db-candidates.mjs
// "blocked" is the main thread's time inside better-sqlite3 per commit (its calls are synchronous);
// lmdb commits and flushes in its writer thread, and the worker variant in a worker thread.
import { open } from 'lmdb'
import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker, isMainThread, parentPort, receiveMessageOnPort } from 'node:worker_threads'

const value = JSON.stringify({ keyId: 'x', pad: 'y'.repeat(560) })

const openSqlite = (file) => {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec('CREATE TABLE IF NOT EXISTS k (seq INTEGER PRIMARY KEY, v TEXT)')
  return db
}

if (!isMainThread) {
  // the worker variant: every write queued while a commit runs goes in the next transaction
  const db = openSqlite(process.env.STATE_DB_CANDIDATE_FILE)
  const put = db.prepare('INSERT OR REPLACE INTO k VALUES (?, ?)')
  const commit = db.transaction((batch) => { for (const w of batch) put.run(w.seq, w.value) })
  parentPort.on('message', (first) => {
    const batch = [first]
    for (let more = receiveMessageOnPort(parentPort); more !== undefined; more = receiveMessageOnPort(parentPort)) batch.push(more.message)
    commit(batch)
    parentPort.postMessage(batch.map((w) => w.seq))
  })
} else {
  const D = 2000
  const run = async (writers, write) => {
    let n = 0
    const end = performance.now() + D
    await Promise.all(Array.from({ length: writers }, async () => { while (performance.now() < end) await write(n++) }))
    return n / (D / 1000)
  }
  const file = (name) => join(mkdtempSync(join(tmpdir(), 'kki-db-candidates-')), name)
  const name = (seq) => `key:${String(seq).padStart(12, '0')}`
  const candidates = [
    ['lmdb, commit + 2 fdatasync in its writer thread (shipped)', { overlappingSync: false }],
    ['lmdb noMetaSync (1 fdatasync: an OS crash loses the last commit)', { overlappingSync: false, noMetaSync: true }],
    ['lmdb noSync (no flush: NOT durable, for reference)', { overlappingSync: false, noSync: true }],
  ].map(([label, options]) => [label, async (writers) => {
    const db = open({ path: file('s.mdb'), noSubdir: true, encoding: 'string', ...options })
    const rate = await run(writers, (seq) => db.put(name(seq), value))
    await db.close()
    return { rate }
  }])
  candidates.push(['better-sqlite3 WAL FULL, a transaction per write, main thread', async (writers) => {
    const db = openSqlite(file('s.db'))
    const put = db.prepare('INSERT OR REPLACE INTO k VALUES (?, ?)')
    let blocked = 0, commits = 0
    const rate = await run(writers, async (seq) => { const t = performance.now(); put.run(seq, value); blocked += performance.now() - t; commits++ })
    db.close()
    return { rate, blocked: blocked / commits }
  }])
  candidates.push(['better-sqlite3 WAL FULL, one transaction per event turn, main thread', async (writers) => {
    const db = openSqlite(file('s.db'))
    const put = db.prepare('INSERT OR REPLACE INTO k VALUES (?, ?)')
    const commit = db.transaction((items) => { for (const [seq] of items) put.run(seq, value) })
    let queue = [], scheduled = false, blocked = 0, commits = 0
    const rate = await run(writers, (seq) => new Promise((resolve) => {
      queue.push([seq, resolve])
      if (scheduled) return
      scheduled = true
      setImmediate(() => {
        const items = queue
        queue = []
        scheduled = false
        const t = performance.now()
        commit(items)
        blocked += performance.now() - t
        commits++
        for (const [, r] of items) r()
      })
    }))
    db.close()
    return { rate, blocked: blocked / commits }
  }])
  candidates.push(['better-sqlite3 WAL FULL in a worker thread, queued writes per transaction', async (writers) => {
    const worker = new Worker(new URL(import.meta.url), { env: { ...process.env, STATE_DB_CANDIDATE_FILE: file('s.db') } })
    const waiting = new Map()
    worker.on('message', (seqs) => { for (const s of seqs) { waiting.get(s)(); waiting.delete(s) } })
    const rate = await run(writers, (seq) => new Promise((resolve) => { waiting.set(seq, resolve); worker.postMessage({ seq, value }) }))
    await worker.terminate()
    return { rate }
  }])

  console.log('| candidate | 1 writer | 8 writers | 64 writers |\n| --- | ---: | ---: | ---: |')
  for (const [label, measure] of candidates) {
    const cells = []
    for (const writers of [1, 8, 64]) {
      const { rate, blocked } = await measure(writers)
      cells.push(`${Math.round(rate).toLocaleString('en-US')}/s${blocked === undefined ? '' : ` (blocked ${blocked.toFixed(2)} ms)`}`)
    }
    console.log(`| ${label} | ${cells.join(' | ')} |`)
  }
}
