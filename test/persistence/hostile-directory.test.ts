/**
 * The state's location as an attacker sharing the machine would prepare it: a directory others
 * can write, names pre-created as symlinks to a victim file, a missing directory. The server
 * refuses what it cannot use safely, with a message, never writes through a link, and creates
 * nothing in the directory once it has started.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serve, StateLocationError } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'

let dir: string
let victim: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-hostile-'))
  const elsewhere = mkdtempSync(join(tmpdir(), 'kki-victim-'))
  victim = join(elsewhere, 'victim')
  writeFileSync(victim, 'precious')
})
afterEach(() => {
  chmodSync(dir, 0o700)
  rmSync(dir, { recursive: true, force: true })
  rmSync(join(victim, '..'), { recursive: true, force: true })
})

const start = (stateFile: string) => serve({ port: 0, quiet: true, stateFile, crypto: createDeterministicProvider({ seed: 5 }) })
const createKey = async (url: string): Promise<{ status: number; keyId: string }> => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey' }, body: '{}' })
  const body = (await res.json()) as { KeyMetadata?: { KeyId: string } }
  return { status: res.status, keyId: body.KeyMetadata?.KeyId ?? '' }
}

describe('the state location', () => {
  it.each([0o777, 0o1777, 0o770])('refuses a directory writable by others (mode %o) and creates nothing there', async (mode) => {
    const shared = join(dir, 'shared')
    mkdirSync(shared)
    chmodSync(shared, mode)
    const error = await start(join(shared, 'kms.mdb')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StateLocationError)
    expect((error as Error).message).toBe(`the directory of the state, ${shared}, is writable by others (mode ${mode.toString(8)}): keep the state in a directory only you can write (chmod go-w, or a fresh directory of mode 0700)`)
    expect(readdirSync(shared)).toEqual([])
  })

  it('refuses a missing directory with a message that says what to do', async () => {
    await expect(start(join(dir, 'missing', 'kms.mdb'))).rejects.toThrow(`the directory of the state, ${join(dir, 'missing')}, does not exist: create it (mode 0700) first`)
  })

  it.each([
    ['the state', 'kms.mdb'],
    ['the sealing key file', 'kms.mdb.key'],
    ['the lock file', 'kms.mdb-lock'],
  ])('refuses %s pre-created as a symlink, and never writes where it points', async (what, name) => {
    symlinkSync(victim, join(dir, name))
    await expect(start(join(dir, 'kms.mdb'))).rejects.toThrow(`${what} ${join(dir, name)} is a symbolic link`)
    expect(readFileSync(victim, 'utf8')).toBe('precious')
  })

  it('refuses a state path that is a dangling symlink (a name someone else may fill later)', async () => {
    symlinkSync(join(dir, 'nowhere'), join(dir, 'kms.mdb'))
    await expect(start(join(dir, 'kms.mdb'))).rejects.toThrow('is a symbolic link')
    expect(readdirSync(dir)).toEqual(['kms.mdb'])
  })

  it('creates nothing in the directory after start: every write goes to the files opened at start', async () => {
    const file = join(dir, 'kms.mdb')
    // each entry by name and inode: a file replaced (written beside, renamed over) is a new inode
    const entries = (): string[] => readdirSync(dir).sort().map((name) => `${name} ${statSync(join(dir, name)).ino}`)
    const server = await start(file)
    const atStart = entries()
    const made = [await createKey(server.url), await createKey(server.url)]
    expect(made.map((k) => k.status)).toEqual([200, 200])
    expect(entries()).toEqual(atStart)
    await server.close()
    expect(entries()).toEqual(atStart)
    const again = await start(file)
    expect(again.emulator.snapshot().keys.map((k) => k.keyId)).toEqual(made.map((k) => k.keyId))
    await again.close()
  })
})
