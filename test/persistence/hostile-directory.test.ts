/**
 * The state's location as an attacker sharing the machine would prepare it: a directory others
 * can write, a directory of another user holding a sealing key of their choosing, files of another
 * user or open to others, names pre-created as symlinks to a victim file, a missing directory. The
 * server refuses what it cannot use safely, with a message, never writes through a link, and
 * creates nothing in the directory once it has started.
 *
 * The tests run as root (as on the project's machines and in CI): root can write anywhere, so the
 * hostile cases are built with `chown` to another user (uid 65534, `nobody`), whose files and
 * directories root must refuse as any user would.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readStateDb, serve, StateLocationError } from 'kms-key-import/http'
import { rsaGenerationsRunning } from '../../src/crypto/rsa-workers.js'
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

  it('refuses a state before it starts filling the wrapping-key pool: no RSA generation is left running behind the refusal', async () => {
    // serve's own provider (poolSize given, no crypto) fills its pool eagerly on worker threads,
    // which the process then waits for before it can exit: a refused `serve --state` took the
    // pool's fill (seconds) to exit. The pool's first generations start within a timer turn.
    const shared = join(dir, 'shared')
    mkdirSync(shared)
    chmodSync(shared, 0o777)
    await expect(serve({ port: 0, quiet: true, stateFile: join(shared, 'kms.mdb'), poolSize: 8 })).rejects.toThrow(StateLocationError)
    for (let turn = 0; turn < 10; turn++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(rsaGenerationsRunning()).toBe(0)
    }
  })

  it('refuses a missing directory with a message that says what to do', async () => {
    await expect(start(join(dir, 'missing', 'kms.mdb'))).rejects.toThrow(`the directory of the state, ${join(dir, 'missing')}, does not exist: create it (mode 0700) first`)
  })

  it('refuses a directory or a named pipe where a state file goes, and a file where its directory goes, saying what it found and what to do', async () => {
    mkdirSync(join(dir, 'kms.mdb'))
    await expect(start(join(dir, 'kms.mdb'))).rejects.toThrow(new StateLocationError(`the state ${join(dir, 'kms.mdb')} is a directory, not a regular file: name a file, or a name not yet taken to create one`))
    execFileSync('mkfifo', ['-m', '600', join(dir, 'other.mdb.key')])
    await expect(start(join(dir, 'other.mdb'))).rejects.toThrow(new StateLocationError(`the sealing key file ${join(dir, 'other.mdb.key')} is a named pipe, not a regular file: name a file, or a name not yet taken to create one`))
    writeFileSync(join(dir, 'plain'), '')
    await expect(start(join(dir, 'plain', 'kms.mdb'))).rejects.toThrow(new StateLocationError(`the directory of the state, ${join(dir, 'plain')}, is a regular file, not a directory: name a file in a directory`))
    expect(readdirSync(dir).sort()).toEqual(['kms.mdb', 'other.mdb.key', 'plain'])
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

const NOBODY = 65534
const me = (): number => process.geteuid?.() ?? -1

describe('the owners and modes of the state', () => {
  it('runs as root, so that the cases below are built as another user would build them', () => {
    // chown to another user needs root; as root, write permissions stop nothing, so ownership is what counts
    expect(me()).toBe(0)
  })

  it('refuses a directory of another user, though only they can write it: they may have made the sealing key', async () => {
    const theirs = join(dir, 'theirs')
    mkdirSync(theirs)
    chmodSync(theirs, 0o755)
    writeFileSync(join(theirs, 'kms.mdb.key'), '0'.repeat(64))
    chmodSync(join(theirs, 'kms.mdb.key'), 0o644)
    chownSync(join(theirs, 'kms.mdb.key'), NOBODY, NOBODY)
    chownSync(theirs, NOBODY, NOBODY)
    const error = await start(join(theirs, 'kms.mdb')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StateLocationError)
    expect((error as Error).message).toBe(`the directory of the state, ${theirs}, is owned by uid ${NOBODY}, not by this process's user (uid ${me()}): keep the state in a directory you own (its owner can put any file there, a sealing key of their choosing included)`)
    expect(readdirSync(theirs)).toEqual(['kms.mdb.key'])
  })

  it('refuses a sealing key file in a directory of another user', async () => {
    const theirs = join(dir, 'theirs')
    mkdirSync(theirs)
    chmodSync(theirs, 0o755)
    chownSync(theirs, NOBODY, NOBODY)
    const error = await serve({ port: 0, quiet: true, stateFile: join(dir, 'kms.mdb'), sealingKeyFile: join(theirs, 'kms.key'), crypto: createDeterministicProvider({ seed: 5 }) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StateLocationError)
    expect((error as Error).message).toMatch(new RegExp(`^the directory of the state, ${theirs}, is owned by uid ${NOBODY}, not by`))
    expect([readdirSync(dir).sort(), readdirSync(theirs)]).toEqual([['theirs'], []])
  })

  const files = [
    ['the state', 'kms.mdb'],
    ['the lock file', 'kms.mdb-lock'],
    ['the sealing key file', 'kms.mdb.key'],
  ] as const

  it.each(files)('refuses %s owned by another user, and leaves every file as it was', async (what, name) => {
    const file = join(dir, 'kms.mdb')
    await (await start(file)).close()
    chownSync(join(dir, name), NOBODY, NOBODY)
    const contents = readdirSync(dir).sort().map((f) => readFileSync(join(dir, f)))
    const error = await start(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StateLocationError)
    expect((error as Error).message).toBe(`${what} ${join(dir, name)} is owned by uid ${NOBODY}, not by this process's user (uid ${me()}): the state's files must be your own (another user chose what it holds)`)
    expect(readdirSync(dir).sort().map((f) => readFileSync(join(dir, f)))).toEqual(contents)
  })

  // read by group and others (the reproduction), written by group, written by others, executable by group
  const modes = ['644', '620', '602', '610']
  it.each(files.flatMap(([what, name]) => modes.map((mode) => [what, name, mode] as const)))('refuses %s (%s) with group or other permissions (mode %s)', async (what, name, mode) => {
    const file = join(dir, 'kms.mdb')
    await (await start(file)).close()
    chmodSync(join(dir, name), parseInt(mode, 8))
    const error = await start(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StateLocationError)
    expect((error as Error).message).toBe(`${what} ${join(dir, name)} has group or other permissions (mode ${mode}): only its owner may read or write it (chmod 600 ${join(dir, name)})`)
  })

  it('state export (readStateDb) refuses what serve refuses: a directory of another user, a state file of another user or open to others, a lock file that is a symlink', async () => {
    const file = join(dir, 'kms.mdb')
    const server = await start(file)
    expect((await createKey(server.url)).status).toBe(200)
    await server.close()
    const contents = (): Buffer[] => readdirSync(dir).sort().map((f) => readFileSync(join(dir, f)))
    const before = contents()
    chmodSync(file, 0o644)
    expect(() => readStateDb(file)).toThrow(`the state ${file} has group or other permissions (mode 644)`)
    chmodSync(file, 0o600)
    chownSync(file, NOBODY, NOBODY)
    expect(() => readStateDb(file)).toThrow(`the state ${file} is owned by uid ${NOBODY}, not by this process's user`)
    chownSync(file, me(), me())
    rmSync(`${file}-lock`)
    symlinkSync(victim, `${file}-lock`)
    expect(() => readStateDb(file)).toThrow(`the lock file ${file}-lock is a symbolic link`)
    expect(readFileSync(victim, 'utf8')).toBe('precious')
    rmSync(`${file}-lock`)
    chownSync(dir, NOBODY, NOBODY)
    expect(() => readStateDb(file)).toThrow(`the directory of the state, ${dir}, is owned by uid ${NOBODY}, not by`)
    chownSync(dir, me(), me())
    expect(readdirSync(dir).sort()).toEqual(['kms.mdb', 'kms.mdb.key'])
    expect(contents()).toEqual(before.filter((_, i) => i !== 1)) // the lock file, removed above
  })

  it('refuses a 0.1.0 state file owned by another user, and moves nothing', async () => {
    const file = join(dir, 'kms.json')
    writeFileSync(`${file}.key`, 'ab'.repeat(32), { mode: 0o600 })
    writeFileSync(file, '{}', { mode: 0o600 })
    chownSync(file, NOBODY, NOBODY)
    await expect(start(file)).rejects.toThrow(`the state ${file} is owned by uid ${NOBODY}, not by this process's user`)
    expect(readdirSync(dir).sort()).toEqual(['kms.json', 'kms.json.key'])
  })
})
