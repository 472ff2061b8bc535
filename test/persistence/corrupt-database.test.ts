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
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } })
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
  ['a real database truncated by one page', async (file) => {
    await makeState(file)
    // the page size is in the first meta page: after the 24-byte page header, at offset 24 of the meta
    const pageSize = readFileSync(file).readUInt32LE(24 + 24)
    truncateSync(file, statSync(file).size - pageSize)
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
