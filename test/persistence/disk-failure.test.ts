/**
 * A commit that the disk really refuses: a real `kms-key-import serve --state FILE` in a child
 * process whose file-size limit (`ulimit -f`, RLIMIT_FSIZE) stops the database growing, so the
 * write of room for the next commit (zeros past the file's end, src/persistence/file-room.ts) fails
 * (`EFBIG`, as a full disk would fail it with `ENOSPC`) once the file reaches the limit, before
 * LMDB writes anything of that commit (LMDB's own failing write can end the process). The
 * server must answer that request 500 KMSInternalException and keep serving — not end the process
 * — log the disk's reason once, keep refusing changes during the backoff, stop on SIGTERM, and
 * have kept every write it acknowledged (read back after the limit is gone).
 * test/persistence/commit-failure.test.ts covers the episode's rules (backoff, recovery, log)
 * with a database whose `write` is made to fail; this file checks the real failure path end to end.
 * The third test runs ./clocked-server.ts (the server on a manual clock, moved on a line of stdin),
 * so that a key's removal (its deletion date passed) is what the disk refuses; the fourth,
 * ./refused-writes.ts (a state database's own writes, refused, then made).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStateDb, readStateDb } from '../../src/http.js'
import { post, startServer, TSX_SERVER } from '../crash/harness.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-disk-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** The database may grow to this many KiB (bash's `ulimit -f` unit). */
const LIMIT_KIB = 768

describe('serve --state when the disk refuses a commit', () => {
  it('answers 500, keeps serving, logs the reason once, stops on SIGTERM, and has kept every acknowledged write', async () => {
    const file = join(dir, 'kms.mdb')
    // the server under bash's `ulimit -f`, exec'd in its place
    const { child, url } = await startServer(['bash', '-c', `ulimit -f ${LIMIT_KIB}; exec "$@"`, 'bash', ...TSX_SERVER], file)
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const acknowledged: string[] = []
    try {
      // each key ≈8 KiB (its description): the limit is reached within ≈100 keys
      let refused: { status: number; body: Record<string, unknown> } | undefined
      for (let i = 0; i < 400 && refused === undefined; i++) {
        const res = await post(url, 'CreateKey', { Description: `${String(i).padStart(4, '0')}${'d'.repeat(8000)}` })
        if (res.status === 200) acknowledged.push((res.body.KeyMetadata as { KeyId: string }).KeyId)
        else refused = res
      }
      expect(refused).toEqual({ status: 500, body: { __type: 'KMSInternalException', message: 'An internal error occurred.' } })
      expect(acknowledged.length).toBeGreaterThan(0)

      // still serving: reads answered, changes refused during the backoff, the process alive
      const described = await post(url, 'DescribeKey', { KeyId: acknowledged[0] })
      expect(described.status).toBe(200)
      expect((await post(url, 'DisableKey', { KeyId: acknowledged[0] })).body.__type).toBe('KMSInternalException')
      expect(child.exitCode).toBeNull()
      const logged = stderr.split('\n').filter((l) => l.startsWith('kms-key-import: state: cannot commit'))
      // once, with the disk's own reason: the write of room past the limit fails with EFBIG
      expect(logged).toHaveLength(1)
      const reason = /^kms-key-import: state: cannot commit to (.+) \((.+)\); state changes are refused \(500 KMSInternalException, nothing acknowledged\) and retried with backoff$/.exec(logged[0] ?? '')
      expect(reason?.[1]).toBe(file)
      expect(reason?.[2]).toBe('EFBIG: file too large, write')
      // nothing else on stderr: no print of lmdb's (its JavaScript's, with a stack, or its C
      // library's `Write error: …`, which no one can drop): LMDB never met the refusal
      await post(url, 'DescribeKey', { KeyId: acknowledged[0] })
      expect(stderr).not.toContain('Write error')
      expect(stderr.split('\n').filter((l) => l !== '' && !l.startsWith('kms-key-import: state: '))).toEqual([])

      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }

    // every acknowledged key is in the database, with its description; nothing else
    const keys = storedKeys(file)
    expect(keys.map((k) => k.keyId).sort()).toEqual([...acknowledged].sort())
    expect(keys.every((k) => k.state === 'Enabled')).toBe(true)
  }, 60_000)

  it('writes the state\'s header with the first commit that succeeds, when the very first one failed', async () => {
    const file = join(dir, 'kms.mdb')
    // a database opened once and never written (its two meta pages, 8 KiB): any commit must grow it
    await openStateDb({ stateFile: file }).db.close()
    const { child, url } = await startServer(['bash', '-c', 'ulimit -S -f 8; exec "$@"', 'bash', ...TSX_SERVER], file)
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    let acknowledged: string
    try {
      expect((await post(url, 'CreateKey', { Description: 'refused' })).status).toBe(500)
      // the disk has room again (the soft limit raised to the hard one), and the backoff passes
      execFileSync('prlimit', ['--pid', String(child.pid), '--fsize=unlimited:'])
      let created: Awaited<ReturnType<typeof post>>
      do {
        await new Promise((resolve) => setTimeout(resolve, 50))
        created = await post(url, 'CreateKey', { Description: 'kept' })
      } while (created.status === 500)
      expect(created.status).toBe(200)
      acknowledged = (created.body.KeyMetadata as { KeyId: string }).KeyId
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    expect(storedKeys(file).map((k) => k.keyId)).toEqual([acknowledged])
  }, 60_000)

  it('names the records from what the database holds after a refused commit: a slot given a new key, or removed, keeps one record', () => {
    const file = join(dir, 'kms.mdb')
    const printed = execFileSync(process.execPath, ['--import', 'tsx', REFUSED_WRITES, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } })
    expect(printed.split('\n').filter((l) => l !== '')).toEqual(['written', 'refused', 'refused', 'written', 'written'])
    // `a` once, changed in place (not a second record beside the first); `b` gone
    expect(storedKeys(file).map((k) => k.description)).toEqual(['a, changed'])
  }, 60_000)
})

/** The keys a stopped server's state database holds (its snapshot's keys, secrets sealed). */
const storedKeys = (file: string): { readonly keyId: string; readonly state: string; readonly description: string }[] => {
  const saved = readStateDb(file)
  if (E.isLeft(saved)) throw new Error(saved.left.message)
  return (saved.right as { keys: { keyId: string; state: string; description: string }[] }).keys
}

const REFUSED_WRITES = fileURLToPath(new URL('./refused-writes.ts', import.meta.url))
