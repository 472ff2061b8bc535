/**
 * A commit that never finishes, and the stop deadline of `kms-key-import serve --state FILE`: on
 * SIGTERM or SIGINT the server ends within its 6 s deadline (src/cli/serve.ts) whatever is
 * pending, a commit stuck included. The commit is made to hang for real: another process (a child
 * of this test) opens the same database with `lmdb`, begins a write transaction — taking LMDB's
 * writer lock, a mutex in the lock file — and stops itself (SIGSTOP) while holding it. The
 * server's next commit then waits for that lock on a thread of libuv's threadpool, as one stuck
 * in the disk would; the request that made it is never answered. The server must end anyway, by
 * the signal it was sent, and the state must hold what was acknowledged and nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readStateDb } from '../../src/http.js'
import { post } from '../crash/harness.js'
import { outputMatching } from '../support/child-output.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const LMDB = pathToFileURL(createRequire(import.meta.url).resolve('lmdb')).href

// the holder: takes LMDB's writer lock in a write transaction, says so, and stops while holding it
const HOLDER = `
import { writeSync } from 'node:fs'
const { open } = await import(process.argv[2])
const db = open({ path: process.argv[3], noSubdir: true })
db.transactionSync(() => {
  db.put('holder', 'holding the writer lock')
  writeSync(1, 'locked\\n')
  process.kill(process.pid, 'SIGSTOP')
})
`

/** Longer than the server's 6 s deadline: past it, the server hangs (the test then fails). */
const HANG_GUARD_MS = 20_000

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-stuck-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** Bytes the process has read with read(2) and its kin, sockets included (`rchar` of /proc/PID/io). */
const bytesRead = (pid: number): number => Number(/^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? Number.NaN)

describe('serve --state with a commit that never finishes', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('ends on %s by its deadline, by that signal; nothing unacknowledged is kept', async (signal) => {
    const file = join(dir, 'kms.mdb')
    // no pool: no RSA generation runs on a worker at the deadline, only the stuck commit
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--pool-size', '0', '--state', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } })
    let stderr = ''
    server.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => server.once('exit', (code, s) => resolve({ code, signal: s })))
    const holderScript = join(dir, 'holder.mjs')
    writeFileSync(holderScript, HOLDER)
    let holder: ChildProcess | undefined
    try {
      const url = (await outputMatching(server, /http:\/\/127\.0\.0\.1:\d+/)).toString()
      const kept = await post(url, 'CreateKey', { Description: 'acknowledged' })
      expect(kept.status).toBe(200)

      holder = spawn(process.execPath, [holderScript, LMDB, file], { stdio: ['ignore', 'pipe', 'inherit'] })
      await outputMatching(holder, /locked\n/)

      // a change whose commit waits for the writer lock: sent, and read by the server, before the signal
      const body = JSON.stringify({ Description: 'never acknowledged' })
      const before = bytesRead(server.pid ?? 0)
      const stuck = new Promise<number | Error>((resolve) => {
        const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey' } }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', resolve)
        req.end(body)
      })
      while (bytesRead(server.pid ?? 0) - before < body.length) await new Promise((resolve) => setTimeout(resolve, 20))

      server.kill(signal)
      let guard: ReturnType<typeof setTimeout> | undefined
      const ended = await Promise.race([exited, new Promise<'hung'>((resolve) => (guard = setTimeout(() => resolve('hung'), HANG_GUARD_MS)))])
      clearTimeout(guard)
      // the deadline's way out: status 0 would mean the commit was not stuck, 'hung' that the deadline failed
      expect(ended).toEqual({ code: null, signal })
      expect(stderr).toContain(`kms-key-import: ${signal}, shutting down\n`)
      // never answered: its connection ended with the process
      expect(await stuck).toBeInstanceOf(Error)
    } finally {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL')
      if (holder !== undefined && holder.exitCode === null && holder.signalCode === null) {
        const gone = new Promise((resolve) => holder?.once('exit', resolve))
        holder.kill('SIGKILL')
        await gone
      }
    }

    // the state holds the acknowledged key, not the one whose commit never finished
    const stored = readStateDb(file)
    expect(E.isRight(stored)).toBe(true)
    const keys = E.isRight(stored) ? (stored.right as { keys: { description: string }[] }).keys : []
    expect(keys.map((k) => k.description)).toEqual(['acknowledged'])
  }, 60_000)
})
