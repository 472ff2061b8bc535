// The measurement behind the choice of LMDB for `serve --state` (docs/performance.md, "State
// database"): lmdb vs better-sqlite3, 64 closed-loop writers, each writing one ~600-byte key record
// and waiting until it is durable (committed and flushed) before the next; 3 s each. better-sqlite3
// is not a dependency (it compiles from source here, ≈2–5 min): to rerun,
//   npm i --no-save better-sqlite3@12 && node bench/state-db-candidates.mjs
// For lmdb the main thread's blocking is not measured: its commits and fsyncs run in its writer thread.
import { open } from 'lmdb'
import Database from 'better-sqlite3'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
const value = JSON.stringify({ keyId: 'x', pad: 'y'.repeat(560) })
const D = 3000
const run = async (name, write) => {
  let n = 0
  const end = performance.now() + D
  await Promise.all(Array.from({ length: 64 }, async (_, w) => { while (performance.now() < end) { await write(`k${w}-${n}`); n++ } }))
  return n / (D / 1000)
}
const dir = () => mkdtempSync(join(tmpdir(), 'kki-db-candidates-'))
const results = []
{ // lmdb: asynchronous, batched per event turn, committed and fsynced off the main thread
  const db = open({ path: dir() + '/s.mdb', noSubdir: true, encoding: 'string', overlappingSync: false })
  results.push(['lmdb (put, commit+fsync in its writer thread)', await run('lmdb', (k) => db.put(k, value)), NaN])
  await db.close()
}
{ // better-sqlite3: one transaction per request, WAL + synchronous=FULL, on the main thread
  const db = new Database(dir() + '/s.db'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL')
  db.exec('CREATE TABLE k (id TEXT PRIMARY KEY, v TEXT)')
  const put = db.prepare('INSERT OR REPLACE INTO k VALUES (?, ?)')
  let blocked = 0, commits = 0
  const rate = await run('sqlite', async (k) => { const t = performance.now(); put.run(k, value); blocked += performance.now() - t; commits++ })
  results.push(['better-sqlite3 (a transaction per request)', rate, blocked / commits])
  db.close()
}
{ // better-sqlite3, group commit: the writes of one event turn in one transaction
  const db = new Database(dir() + '/s.db'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL')
  db.exec('CREATE TABLE k (id TEXT PRIMARY KEY, v TEXT)')
  const put = db.prepare('INSERT OR REPLACE INTO k VALUES (?, ?)')
  let queue = [], scheduled = false, blocked = 0, commits = 0
  const flush = db.transaction((items) => { for (const [k] of items) put.run(k, value) })
  const write = (k) => new Promise((resolve) => {
    queue.push([k, resolve])
    if (!scheduled) { scheduled = true; setImmediate(() => { const items = queue; queue = []; scheduled = false; const t = performance.now(); flush(items); blocked += performance.now() - t; commits++; for (const [, r] of items) r() }) }
  })
  const rate = await run('sqlite-group', write)
  results.push(['better-sqlite3 (one transaction per event turn)', rate, blocked / commits])
  db.close()
}
for (const [name, rate, blocked] of results) console.log(`${name}: ${rate.toFixed(0)} durable writes/s, main thread blocked ${Number.isNaN(blocked) ? '(not measured: commit and fsync in the writer thread)' : `${blocked.toFixed(2)} ms per commit`}`)
