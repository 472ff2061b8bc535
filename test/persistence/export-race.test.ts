/**
 * `state export` (`readStateDb`) racing a server opening the same state (`openStateDb`), on a
 * database whose lock file is not there yet (a state restored or copied without it: LMDB makes it
 * again). Each process checks the lock file's name and, finding it free, creates it exclusively;
 * the reader must take a lock file that the server made between its check and its creation
 * (`EEXIST`) as the lock file it is — the reader and the server may share the state — and read
 * the state, never fail with a raw `EEXIST`. The server either opens the state or is refused in
 * the state database's own words (the reader made the lock file meanwhile, or holds a reader
 * slot), but for one rare failure of LMDB's own, named below. One reader and one server, in child processes, race on a fresh copy of the database in
 * each round; one of them starts its call later by a number of microseconds that changes from
 * round to round, so that the two checks fall in each other's window in some of the rounds.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator } from 'kms-key-import'
import { openStateDb, stateJournal } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { nextLine } from '../support/child-output.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

// the child, a reader or a server: on each `go FILE DELAY` it waits DELAY µs (busy, so that the
// delay is not rounded to a timer's), makes its call, and reports; a server closes what it opened
// on `close`
const CHILD = `
const { openStateDb, readStateDb } = await import(process.argv[2])
const role = process.argv[3]
let opened
let text = ''
process.stdin.on('data', (chunk) => {
  text += chunk
  for (let end = text.indexOf('\\n'); end >= 0; end = text.indexOf('\\n')) {
    const [command, file, delay] = text.slice(0, end).split(' ')
    text = text.slice(end + 1)
    if (command === 'close') {
      void Promise.resolve(opened?.db.close()).then(() => {
        opened = undefined
        process.stdout.write('closed\\n')
      })
      continue
    }
    const until = process.hrtime.bigint() + BigInt(delay) * 1000n
    while (process.hrtime.bigint() < until);
    let outcome
    try {
      if (role === 'reader') {
        const read = readStateDb(file)
        outcome = read._tag === 'Right' ? { keys: read.right.keys.map((k) => k.description) } : { left: read.left.message }
      } else {
        opened = openStateDb({ stateFile: file })
        outcome = { opened: true }
      }
    } catch (error) {
      outcome = { name: error.name, message: error.message, code: error.code }
    }
    process.stdout.write(JSON.stringify(outcome) + '\\n')
  }
})
process.stdout.write('ready\\n')
`

interface Outcome {
  readonly keys?: readonly string[]
  readonly left?: string
  readonly opened?: true
  readonly name?: string
  readonly message?: string
  readonly code?: string
}

/**
 * Rounds, and the largest head start (µs) given to one side or the other. With the reader's
 * `EEXIST` branch removed, 4 to 14 of 200 rounds had the reader fail so on a 2-core machine (this
 * test failed in each of 8 runs).
 */
const ROUNDS = 200
const MAX_DELAY_US = 500

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-export-race-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('state export racing a server that opens the state', () => {
  it('the reader reads the state, whichever process makes the lock file; the server opens it or is refused in the state database\'s words', async () => {
    // the state: two keys, written as serve --state writes them
    const source = join(dir, 'source.mdb')
    const made = openStateDb({ stateFile: source })
    const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: made.sealingKey, journal: stateJournal({ db: made.db, sealingKey: made.sealingKey }) })
    await kms.invoke('CreateKey', { Description: 'one' })
    await kms.invoke('CreateKey', { Description: 'two' })
    kms.close()
    await made.db.close()

    const script = join(dir, 'child.mjs')
    writeFileSync(script, CHILD)
    const [reader, server] = ['reader', 'server'].map((role) => spawn(process.execPath, ['--import', 'tsx', script, join(root, 'src/http.ts'), role], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] })) as [ChildProcess, ChildProcess]
    const rounds: { readonly file: string; readonly reader: Outcome; readonly server: Outcome }[] = []
    try {
      await Promise.all([nextLine(reader), nextLine(server)])
      for (let round = 0; round < ROUNDS; round++) {
        // a copy without its lock file, as a restored state is
        const file = join(dir, `s${String(round)}.mdb`)
        copyFileSync(source, file)
        copyFileSync(`${source}.key`, `${file}.key`)
        expect(existsSync(`${file}-lock`)).toBe(false)
        // the head start goes to each side in turn, growing every two rounds
        const delay = Math.round((Math.floor(round / 2) * MAX_DELAY_US) / (ROUNDS / 2 - 1))
        const answers = [nextLine(reader), nextLine(server)]
        reader.stdin?.write(`go ${file} ${round % 2 === 0 ? delay : 0}\n`)
        server.stdin?.write(`go ${file} ${round % 2 === 0 ? 0 : delay}\n`)
        const [r, s] = (await Promise.all(answers)).map((line) => JSON.parse(line) as Outcome) as [Outcome, Outcome]
        const closed = nextLine(server)
        server.stdin?.write('close\n')
        await closed
        rounds.push({ file, reader: r, server: s })
      }
    } finally {
      for (const child of [reader, server]) child.kill('SIGKILL')
    }
    for (const { file, reader: r, server: s } of rounds) {
      // the reader is never refused: the state is read whole, whoever made the lock file
      expect(r, file).toEqual({ keys: ['one', 'two'] })
      if (s.opened === true) continue
      // never the lock file's raw EEXIST
      expect(`${s.code ?? ''} ${s.message ?? ''}`, file).not.toContain('EEXIST')
      // In about one round in 700, the server's LMDB open itself fails, with lmdb's error (the
      // text is a stale one of lmdb's; the code, EINVAL, is its write transaction's at open).
      // Likely cause, read in lmdb's mdb.c: a process closing an environment that finds itself its
      // only user (it takes the lock file's exclusive lock) destroys the shared writer mutex; a
      // process opening meanwhile, whose own try for that lock failed just before, then waits for
      // the shared lock and uses the destroyed mutex. With the reader's close delayed by 300 ms,
      // 0 of 3,000 rounds failed so (against ≈4 of 3,000). LMDB's, and not this test's promise,
      // which is the reader's: nothing else passes
      if (s.name !== 'StateLocationError') {
        expect(s, file).toEqual({ name: 'Error', message: 'Invalid argument: No transaction to renew', code: 22 })
        continue
      }
      const name = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      expect(s.message, file).toMatch(new RegExp([
        `^${name}-lock was created by another process while this one opened the state: a state is served by one process at a time$`,
        `^${name} is open in another process \\(pid ${String(reader.pid)}\\): a state is served by one process at a time`,
      ].join('|')))
    }
  }, 90_000)
})
