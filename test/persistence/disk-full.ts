/**
 * `npm run soak:disk-full` (root only: it mounts a filesystem): a real full disk under
 * `kms-key-import serve --state`, on the compiled build (`npm run build` first, which the script
 * does). The state lives on a tmpfs of 64 MiB (more with `PRELOAD`). Each round fills the rest of it with a file, creates
 * keys until the server refuses one (500: the disk is full), removes the file, waits until the
 * server commits again, and creates a few more. At the end the server must stop on SIGTERM (exit
 * 0), every acknowledged key must be in the state, and LMDB must never have met the full disk
 * itself (its failing write can end the process: docs/security.md), which its print `Write error`
 * on stderr would show. Prints one line per round and a summary; exits 1 when anything failed.
 * `ROUNDS=20 npm run soak:disk-full` changes the count; `PRELOAD=10000` creates that many keys
 * first (≈5 KB each, on a tmpfs grown to hold them: 64 KiB a key), so that the disk fills under a larger database.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BUILT_SERVER, post, startServer } from '../crash/harness.js'

const rounds = Number(process.env.ROUNDS ?? 10)
const preload = Number(process.env.PRELOAD ?? 0)
// room for the rounds: each lets the database grow by its spare (an eighth), so it more than doubles
const mib = 64 + Math.ceil(preload / 16)
const mnt = mkdtempSync(join(tmpdir(), 'kki-full-'))
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m,mode=0700`, 'tmpfs', mnt], { stdio: 'pipe' })
} catch (error) {
  rmSync(mnt, { recursive: true, force: true })
  process.stderr.write(`soak:disk-full: cannot mount a tmpfs at ${mnt} (it needs root): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`)
  process.exit(2)
}

/** Fills the filesystem with one file until it refuses a write. */
const fill = (file: string): void => {
  const fd = openSync(file, 'w', 0o600)
  const block = Buffer.alloc(64 * 1024, 1)
  try {
    for (;;) writeSync(fd, block)
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
}

const started = performance.now()
let failed = false
try {
  const dir = join(mnt, 'state')
  mkdirSync(dir, { mode: 0o700 })
  const file = join(dir, 'kms.mdb')
  const filler = join(mnt, 'filler')
  process.stdout.write(`soak:disk-full: ${rounds} rounds, state on a ${mib} MiB tmpfs at ${mnt}${preload > 0 ? `, ${preload} keys first` : ''}\n`)
  const { child, url } = await startServer(BUILT_SERVER, file)
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))))
  const acknowledged: string[] = []
  let refusals = 0
  const create = async (): Promise<number> => {
    const res = await post(url, 'CreateKey', { Description: 'd'.repeat(4000) })
    if (res.status === 200) acknowledged.push((res.body.KeyMetadata as { KeyId: string }).KeyId)
    return res.status
  }
  try {
    for (let i = 0; i < preload; i++) if (await create() !== 200) throw new Error(`key ${i} of the preload refused`)
    for (let round = 1; round <= rounds && child.exitCode === null; round++) {
      fill(filler)
      const before = acknowledged.length
      let status = 200
      while (status === 200 && acknowledged.length - before < 5_000) status = await create()
      if (status !== 500) throw new Error(`round ${round}: expected a refusal (500), got ${status}`)
      refusals++
      const whileFull = acknowledged.length - before
      rmSync(filler)
      // the backoff passes (100 ms, doubling while refused): then the server commits again
      const deadline = performance.now() + 60_000
      do {
        await new Promise((resolve) => setTimeout(resolve, 100))
        status = await create()
      } while (status === 500 && performance.now() < deadline)
      if (status !== 200) throw new Error(`round ${round}: expected the server to commit again, got ${status}`)
      for (let i = 0; i < 20; i++) await create()
      process.stdout.write(`round ${String(round).padStart(3)}: ${String(whileFull).padStart(4)} acknowledged until the disk was full, refused, ${String(acknowledged.length).padStart(5)} acknowledged in all\n`)
    }
  } catch (error) {
    failed = true
    process.stdout.write(`  ${error instanceof Error ? error.message : String(error)}\n`)
  } finally {
    if (child.exitCode === null) child.kill('SIGTERM')
  }
  const exit = await exited
  const [exe, ...args] = BUILT_SERVER
  const state = spawnSync(exe ?? process.execPath, [...args, 'state', 'export', '--state', file], { encoding: 'utf8', maxBuffer: 1 << 30 })
  const stored = new Set(state.status === 0 ? (JSON.parse(state.stdout) as { keys: { keyId: string }[] }).keys.map((k) => k.keyId) : [])
  const lost = acknowledged.filter((k) => !stored.has(k))
  const lmdbMet = stderr.includes('Write error')
  process.stdout.write(`soak:disk-full: ${refusals} full-disk refusals in ${((performance.now() - started) / 1000).toFixed(0)} s, ${acknowledged.length} acknowledged writes, ${lost.length} lost, server exit ${exit}, LMDB's own write failed: ${lmdbMet ? 'yes' : 'no'}\n`)
  if (exit !== '0') process.stdout.write(`  the server's stderr ends: ${JSON.stringify(stderr.slice(-400))}\n`)
  failed ||= exit !== '0' || lost.length > 0 || lmdbMet || state.status !== 0
} finally {
  execFileSync('umount', [mnt])
  rmSync(mnt, { recursive: true, force: true })
}
process.exitCode = failed ? 1 : 0
