/**
 * A state database that is not one: random bytes, zeros, a real database cut short. LMDB reads its
 * file through a memory map and trusts it, so opening such a file used to kill the process inside
 * LMDB (SIGSEGV, SIGBUS) without a word. Run as a user runs them (child processes): a fault shows
 * here as an exit by signal, not as a crashed test worker.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator } from 'kms-key-import'
import { openStateDb, stateJournal } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = (args: readonly string[]) => {
  // a server that opened the file would serve until killed: the timeout ends it, and the case fails
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } })
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }
}
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-corrupt-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** `n` bytes that look random, the same on every run (SHA-256 in counter mode). */
const noise = (n: number): Buffer => {
  const blocks: Buffer[] = []
  for (let i = 0; blocks.length * 32 < n; i++) blocks.push(createHash('sha256').update(`noise ${i}`).digest())
  return Buffer.concat(blocks).subarray(0, n)
}

/** A real state database of 40 keys, made as `serve --state` makes it. */
const makeState = async (file: string): Promise<void> => {
  const opened = openStateDb({ stateFile: file })
  const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey, journal: stateJournal({ db: opened.db, sealingKey: opened.sealingKey }) })
  for (let i = 0; i < 40; i++) await kms.invoke('CreateKey', { Description: `key ${i}` })
  kms.close()
  await opened.db.close()
}

const cases: readonly (readonly [string, (file: string) => Promise<void>])[] = [
  ['random bytes', async (file) => {
    writeFileSync(`${file}.key`, 'ab'.repeat(32), { mode: 0o600 })
    writeFileSync(file, noise(3 * 4096), { mode: 0o600 })
  }],
  ['a zeroed file', async (file) => {
    writeFileSync(`${file}.key`, 'ab'.repeat(32), { mode: 0o600 })
    writeFileSync(file, Buffer.alloc(3 * 4096), { mode: 0o600 })
  }],
  ['a real database cut short of its last page', async (file) => {
    await makeState(file)
    // the file reaches past LMDB's last page (zeros: the room written before each commit), so the
    // cut is made from where LMDB's pages end, read from the meta it uses (the higher txnid): the
    // page size at offset 24 of a meta, the last page at 120, the txnid at 128, after the page's
    // 24-byte header
    const bytes = readFileSync(file)
    const pageSize = bytes.readUInt32LE(24 + 24)
    const meta = bytes.readBigUInt64LE(pageSize + 24 + 128) > bytes.readBigUInt64LE(24 + 128) ? pageSize + 24 : 24
    const used = (Number(bytes.readBigUInt64LE(meta + 120)) + 1) * pageSize
    expect(statSync(file).size).toBeGreaterThan(used)
    truncateSync(file, used - pageSize)
  }],
  ['a real database whose second meta page claims to be the newest and points past the file', async (file) => {
    await makeState(file)
    // LMDB uses the meta with the higher txnid and checks only the first: this one is believed
    const bytes = readFileSync(file)
    const pageSize = bytes.readUInt32LE(24 + 24)
    const [meta0, meta1] = [24, pageSize + 24]
    bytes.writeBigUInt64LE(bytes.readBigUInt64LE(meta0 + 128) + 1n, meta1 + 128) // mm_txnid
    bytes.writeBigUInt64LE(1n << 40n, meta1 + 112) // the main database's root page
    writeFileSync(file, bytes)
  }],
]

describe('a state database that is not one', () => {
  it.each(cases)('serve --state refuses %s with a message and exits 1, leaving the file as it was', async (_, make) => {
    const file = join(dir, 'kms.mdb')
    await make(file)
    const before = readFileSync(file)
    expect(cli(['serve', '--port', '0', '--pool-size', '0', '--quiet', '--state', file])).toEqual({
      code: 1, signal: null, stdout: '',
      stderr: `kms-key-import serve: ${file} is not an LMDB state database of kms-key-import (or it is truncated): the state cannot be loaded\n`,
    })
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it.each(cases)('state export refuses %s with a message and exits 1', async (_, make) => {
    const file = join(dir, 'kms.mdb')
    await make(file)
    expect(cli(['state', 'export', '--state', file])).toEqual({
      code: 1, signal: null, stdout: '',
      stderr: `kms-key-import state: ${file} is not an LMDB state database of kms-key-import (or it is truncated): the state cannot be loaded\n`,
    })
  })

  it('still opens the real database before it was cut (the check refuses only what LMDB cannot use)', async () => {
    const file = join(dir, 'kms.mdb')
    await makeState(file)
    const out = cli(['state', 'export', '--state', file])
    expect(out.code).toBe(0)
    expect((JSON.parse(out.stdout) as { keys: unknown[] }).keys).toHaveLength(40)
  })
})
