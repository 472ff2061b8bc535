/**
 * `createExclusive`, which makes every file of the state (the database, its lock file, the sealing
 * key): it never opens a file that someone else made. A name already taken, by a file or by a
 * symbolic link, is refused with `EEXIST`, and what is there is left as it was; two processes
 * creating one state's key file at once would otherwise both write it, and the one whose key was
 * overwritten would seal every secret under a key that no file holds.
 */
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createExclusive } from 'kms-key-import/http'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-excl-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('createExclusive', () => {
  it('creates a new file with its bytes, mode 0600', () => {
    const file = join(dir, 'state.mdb.key')
    createExclusive(file, 'ab'.repeat(32))
    expect(readFileSync(file, 'latin1')).toBe('ab'.repeat(32))
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('refuses a name another file holds (EEXIST), and leaves that file as it was', () => {
    const file = join(dir, 'state.mdb.key')
    writeFileSync(file, 'cd'.repeat(32), { mode: 0o600 })
    expect(() => createExclusive(file, 'ab'.repeat(32))).toThrow(expect.objectContaining({ code: 'EEXIST' }))
    expect(readFileSync(file, 'latin1')).toBe('cd'.repeat(32))
  })

  it('refuses a name a symbolic link holds (EEXIST), and writes nothing where it points', () => {
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'untouched', { mode: 0o600 })
    const file = join(dir, 'state.mdb.key')
    symlinkSync(victim, file)
    expect(() => createExclusive(file, 'ab'.repeat(32))).toThrow(expect.objectContaining({ code: 'EEXIST' }))
    expect(readFileSync(victim, 'latin1')).toBe('untouched')
    expect(lstatSync(file).isSymbolicLink()).toBe(true)
    // a link to a name not yet taken: nothing is created through it either
    const dangling = join(dir, 'state.mdb-lock')
    symlinkSync(join(dir, 'made-through-the-link'), dangling)
    expect(() => createExclusive(dangling, '')).toThrow(expect.objectContaining({ code: 'EEXIST' }))
    expect(() => lstatSync(join(dir, 'made-through-the-link'))).toThrow(expect.objectContaining({ code: 'ENOENT' }))
  })
})
