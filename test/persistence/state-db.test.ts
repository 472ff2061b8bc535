/**
 * `serve({ stateFile })` / `kms-key-import serve --state FILE`: the endpoint's store lives in a
 * state database; a restart finds every key, its material and its tokens; the files are the
 * owner's alone; a state of 0.1.0's format is migrated.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { inspect } from 'node:util'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { open } from 'lmdb'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmulator, restoreEmulator } from 'kms-key-import'
import { openStateDb, readStateDb, serve, StateLocationError, type RunningServer } from 'kms-key-import/http'
import { createDeterministicProvider, manualClock, wrapKeyMaterial } from 'kms-key-import/testing'
import { startServer, TSX_SERVER } from '../crash/harness.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-state-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const post = async (server: RunningServer, op: string, req: object) => {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` }, body: JSON.stringify(req) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const start = (stateFile: string) => serve({ port: 0, quiet: true, stateFile, crypto: createDeterministicProvider({ seed: 4 }) })
const keyOf = (file: string): Uint8Array => new Uint8Array(Buffer.from(readFileSync(`${file}.key`, 'utf8'), 'hex'))

describe('the endpoint with a state database', () => {
  it('keeps its keys, their material and their tokens across a restart', async () => {
    const file = join(dir, 'kms.mdb')
    const first = await start(file)
    expect(first.state).toEqual({ path: file, keys: 0, created: true })
    const KeyId = String(((await post(first, 'CreateKey', { Origin: 'EXTERNAL' })).body.KeyMetadata as { KeyId: string }).KeyId)
    const p = (await post(first, 'GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })).body
    const wrapped = Buffer.from(wrapKeyMaterial(new Uint8Array(Buffer.from(String(p.PublicKey), 'base64')), 'RSAES_OAEP_SHA_256', new Uint8Array(32).fill(8))).toString('base64')
    expect((await post(first, 'ImportKeyMaterial', { KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })).status).toBe(200)
    const ct = (await post(first, 'Encrypt', { KeyId, Plaintext: Buffer.from('still here').toString('base64') })).body.CiphertextBlob
    expect((await post(first, 'DisableKey', { KeyId })).status).toBe(200)
    const before = (await post(first, 'DescribeKey', { KeyId })).body
    await first.close()

    const second = await start(file)
    expect(second.state).toEqual({ path: file, keys: 1, created: false })
    expect((await post(second, 'DescribeKey', { KeyId })).body).toEqual(before)
    expect((await post(second, 'EnableKey', { KeyId })).status).toBe(200)
    const pt = (await post(second, 'Decrypt', { CiphertextBlob: ct })).body
    expect(Buffer.from(String(pt.Plaintext), 'base64').toString()).toBe('still here')
    // the token from before the restart still imports (same sealing key, from the key file)
    expect((await post(second, 'ImportKeyMaterial', { KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })).status).toBe(200)
    await second.close()
  })

  it('keeps every Region: related multi-Region keys, stored apart though they share their id, and their states', async () => {
    const file = join(dir, 'kms.mdb')
    const signed = (region: string): Record<string, string> => ({ authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/${region}/kms/aws4_request, SignedHeaders=host, Signature=00` })
    const postIn = async (server: RunningServer, region: string, op: string, req: object) => {
      const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}`, ...signed(region) }, body: JSON.stringify(req) })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const first = await start(file)
    // KMS material: ReplicateKey needs an Enabled primary (docs/evidence.md §11)
    const KeyId = String(((await postIn(first, 'us-east-1', 'CreateKey', { MultiRegion: true })).body.KeyMetadata as { KeyId: string }).KeyId)
    expect((await postIn(first, 'us-east-1', 'ReplicateKey', { KeyId, ReplicaRegion: 'eu-west-1', Description: 'replica' })).status).toBe(200)
    expect((await postIn(first, 'eu-west-1', 'ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 })).status).toBe(200)
    const before = [(await postIn(first, 'us-east-1', 'DescribeKey', { KeyId })).body, (await postIn(first, 'eu-west-1', 'DescribeKey', { KeyId })).body]
    await first.close()

    const second = await start(file)
    expect(second.state).toEqual({ path: file, keys: 2, created: false })
    expect([(await postIn(second, 'us-east-1', 'DescribeKey', { KeyId })).body, (await postIn(second, 'eu-west-1', 'DescribeKey', { KeyId })).body]).toEqual(before)
    expect((before[1]?.KeyMetadata as { KeyState: string }).KeyState).toBe('PendingDeletion')
    await second.close()
  })

  it('keeps the order in which keys were created', async () => {
    const file = join(dir, 'kms.mdb')
    const first = await start(file)
    for (const Description of ['a', 'b', 'c']) await post(first, 'CreateKey', { Description })
    const [, second] = first.emulator.snapshot().keys
    await post(first, 'DisableKey', { KeyId: second?.keyId }) // a changed key keeps its place
    await first.close()
    const again = await start(file)
    expect(again.emulator.snapshot().keys.map((k) => [k.description, k.state])).toEqual([['a', 'Enabled'], ['b', 'Disabled'], ['c', 'Enabled']])
    await again.close()
  })

  it('names each key\'s record by its creation sequence, and moves records named by their key id (the earlier layout) on start', async () => {
    const file = join(dir, 'kms.mdb')
    const first = await start(file)
    for (const Description of ['a', 'b', 'c']) await post(first, 'CreateKey', { Description })
    const snapshot = first.emulator.snapshot()
    await first.close()
    const names = (): string[] => {
      const db = open<unknown, string>({ path: file, noSubdir: true, encoding: 'json' })
      try {
        return [...db.getKeys()]
      } finally {
        void db.close()
      }
    }
    expect(names()).toEqual(['header', 'key:000000000000', 'key:000000000001', 'key:000000000002'])
    // the earlier layout: the same records under `key:<key id>` (in key-id order, not creation order)
    const db = open<unknown, string>({ path: file, noSubdir: true, encoding: 'json' })
    db.transactionSync(() => {
      snapshot.keys.forEach((k, seq) => {
        void db.remove(`key:${String(seq).padStart(12, '0')}`)
        void db.put(`key:${k.keyId}`, { seq, key: k })
      })
    })
    await db.close()
    expect(names().filter((n) => n.startsWith('key:')).sort()).toEqual(snapshot.keys.map((k) => `key:${k.keyId}`).sort())
    const again = await start(file)
    expect(again.state).toEqual({ path: file, keys: 3, created: false })
    expect(again.emulator.snapshot().keys.map((k) => k.description)).toEqual(['a', 'b', 'c'])
    await post(again, 'CreateKey', { Description: 'd' })
    await post(again, 'ScheduleKeyDeletion', { KeyId: snapshot.keys[0]?.keyId, PendingWindowInDays: 7 })
    await again.close()
    expect(names()).toEqual(['header', 'key:000000000000', 'key:000000000001', 'key:000000000002', 'key:000000000003'])
    const third = await start(file)
    expect(third.emulator.snapshot().keys.map((k) => [k.description, k.state])).toEqual([['a', 'PendingDeletion'], ['b', 'Enabled'], ['c', 'Enabled'], ['d', 'Enabled']])
    await third.close()
  })

  it('commits the writes that arrive while a commit is in flight together, in one next transaction (group commit)', async () => {
    const kms = createEmulator({ crypto: createDeterministicProvider({ seed: 5 }), sealingKey: new Uint8Array(32).fill(3) })
    for (let i = 0; i < 2030; i++) await kms.invoke('CreateKey', {})
    const { keys, ...header } = kms.snapshot()
    /** A first commit of 2,000 records, then one record a turn for as long as it is in flight. */
    const run = async (file: string): Promise<{ readonly turns: number; readonly transactions: unknown }> => {
      const opened = openStateDb({ stateFile: file })
      let firstDone = false
      const first = opened.db.write(keys.slice(0, 2000), [], header).then(() => {
        firstDone = true
      })
      const later: Promise<void>[] = []
      for (const key of keys.slice(2000)) {
        await new Promise((resolve) => setImmediate(resolve))
        if (firstDone) break
        later.push(opened.db.write([key], [], header))
      }
      await Promise.all([first, ...later])
      await opened.db.close()
      const stored = readStateDb(file)
      expect(E.isRight(stored) && (stored.right as { keys: unknown[] }).keys.length).toBe(2000 + later.length)
      const db = open<unknown, string>({ path: file, noSubdir: true, encoding: 'json' })
      try {
        return { turns: later.length, transactions: db.getStats() }
      } finally {
        await db.close()
      }
    }
    // how many turns pass while the first commit is in flight depends on the machine's load (a
    // descheduled main thread sees one): run again until several did, the rule checked every time
    let turns = 0
    for (let attempt = 0; attempt < 5 && turns < 2; attempt++) {
      const result = await run(join(dir, `kms-${attempt}.mdb`))
      turns = result.turns
      expect(result.transactions).toMatchObject({ lastTxnId: turns === 0 ? 1 : 2 })
    }
    expect(turns).toBeGreaterThan(1)
  })

  it('closes after its pending writes: a write waiting for the commit in flight is committed, not refused by the closed database', async () => {
    const file = join(dir, 'kms.mdb')
    const kms = createEmulator({ crypto: createDeterministicProvider({ seed: 5 }), sealingKey: new Uint8Array(32).fill(3) })
    for (let i = 0; i < 2; i++) await kms.invoke('CreateKey', {})
    const { keys, ...header } = kms.snapshot()
    const opened = openStateDb({ stateFile: file })
    // the second write waits for the first one's commit; close is asked for before either is done
    const first = opened.db.write(keys.slice(0, 1), [], header)
    const second = opened.db.write(keys.slice(1), [], header)
    const closed = opened.db.close()
    await expect(Promise.all([first, second, closed])).resolves.toBeDefined()
    // a write after close is refused by a rejection, not a throw
    await expect(opened.db.write(keys.slice(0, 1), [], header)).rejects.toThrow('Database is closed')
    const stored = readStateDb(file)
    expect(E.isRight(stored) && (stored.right as { keys: unknown[] }).keys.length).toBe(2)
  })

  it('removes a deleted key\'s record, and the other keys keep theirs', async () => {
    const file = join(dir, 'kms.mdb')
    const clock = manualClock(Date.parse('2026-01-01T00:00:00Z'))
    const first = await serve({ port: 0, quiet: true, stateFile: file, clock, crypto: createDeterministicProvider({ seed: 4 }) })
    for (const Description of ['gone', 'kept']) await post(first, 'CreateKey', { Description })
    const [gone] = first.emulator.snapshot().keys
    await post(first, 'ScheduleKeyDeletion', { KeyId: gone?.keyId, PendingWindowInDays: 7 })
    clock.advance(8 * 24 * 3600 * 1000)
    expect((await post(first, 'DescribeKey', { KeyId: gone?.keyId })).status).toBe(400) // settled: the key is gone
    await first.close()
    const again = await start(file)
    expect(again.emulator.snapshot().keys.map((k) => k.description)).toEqual(['kept'])
    await again.close()
    const db = open<unknown, string>({ path: file, noSubdir: true, encoding: 'json' })
    expect([...db.getKeys()]).toEqual(['header', 'key:000000000001'])
    await db.close()
  })

  it('writes only files readable by the owner, secrets sealed, and nothing else', async () => {
    const file = join(dir, 'kms.mdb')
    const server = await start(file)
    await post(server, 'CreateKey', {})
    await server.close()
    expect(readdirSync(dir).sort()).toEqual(['kms.mdb', 'kms.mdb-lock', 'kms.mdb.key'])
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600)
    const state = readStateDb(file)
    expect(E.isRight(state)).toBe(true)
    if (E.isRight(state)) expect(E.isRight(restoreEmulator({ state: state.right, sealingKey: keyOf(file) }))).toBe(true)
  })

  it('migrates a state file of 0.1.0 on first start, and keeps the file beside as it was', async () => {
    const file = join(dir, 'kms.json')
    const sealingKey = new Uint8Array(32).fill(3)
    const old = createEmulator({ crypto: createDeterministicProvider(), sealingKey })
    await old.invoke('CreateKey', { Description: 'from 0.1.0' })
    const text = JSON.stringify(old.snapshot())
    writeFileSync(file, text, { mode: 0o600 })
    writeFileSync(`${file}.key`, Buffer.from(sealingKey).toString('hex'), { mode: 0o600 })
    const server = await start(file)
    expect(server.state).toEqual({ path: file, keys: 1, created: true, migratedFrom: `${file}.v1.json` })
    expect(server.emulator.snapshot().keys.map((k) => k.description)).toEqual(['from 0.1.0'])
    await post(server, 'CreateKey', { Description: 'after' })
    await server.close()
    expect(readFileSync(`${file}.v1.json`, 'utf8')).toBe(text)
    const again = await start(file)
    expect(again.state).toEqual({ path: file, keys: 2, created: false })
    expect(again.emulator.snapshot().keys.map((k) => k.description)).toEqual(['from 0.1.0', 'after'])
    await again.close()
  })

  it.each([
    ['at the state path', (file: string) => file],
    ['already moved beside it (a migration interrupted before the database was made)', (file: string) => `${file}.v1.json`],
  ])('refuses a state file of 0.1.0 (%s) sealed under another key before moving or creating anything', async (_, where) => {
    const file = join(dir, 'kms.json')
    const old = createEmulator({ crypto: createDeterministicProvider(), sealingKey: new Uint8Array(32).fill(3) })
    await old.invoke('CreateKey', { Description: 'from 0.1.0' }) // with key material: sealed under that key
    const text = JSON.stringify(old.snapshot())
    writeFileSync(where(file), text, { mode: 0o600 })
    writeFileSync(`${file}.key`, '04'.repeat(32), { mode: 0o600 })
    const error = await start(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StateLocationError)
    expect((error as Error).message).toBe(`${where(file)} cannot be migrated with the sealing key ${file}.key: the snapshot was sealed under another sealing key`)
    expect(readdirSync(dir).sort()).toEqual([where(file), `${file}.key`].map((f) => f.slice(dir.length + 1)).sort())
    expect(readFileSync(where(file), 'utf8')).toBe(text)
  })

  it('refuses to start on a state file of 0.1.0 that is not JSON, and leaves it as it was', async () => {
    const file = join(dir, 'kms.json')
    writeFileSync(`${file}.key`, 'ab'.repeat(32), { mode: 0o600 })
    writeFileSync(file, '{"format": "kms-key-im', { mode: 0o600 })
    await expect(start(file)).rejects.toThrow(`${file} is not valid JSON: the state cannot be loaded`)
    expect(readFileSync(file, 'utf8')).toBe('{"format": "kms-key-im')
    expect(existsSync(`${file}.v1.json`)).toBe(false)
  })

  it('refuses a state another process has open, and opens it once that process is gone: one writer, or each would overwrite the other\'s records; state export reads it meanwhile', async () => {
    const file = join(dir, 'kms.mdb')
    const { child, url } = await startServer(TSX_SERVER, file)
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    let kept: string
    try {
      const created = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.CreateKey' }, body: '{}' })
      kept = ((await created.json()) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId
      const refusal = `${file} is open in another process (pid ${String(child.pid)}): a state is served by one process at a time (stop the other server, or let its state export finish)`
      expect(() => openStateDb({ stateFile: file })).toThrow(new StateLocationError(refusal))
      await expect(serve({ port: 0, quiet: true, stateFile: file })).rejects.toThrow(refusal)
      // state export reads the state while the server has it open (a reader, not a second writer)
      const exported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'state', 'export', '--state', file], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } })
      expect({ code: exported.status, stderr: exported.stderr }).toEqual({ code: 0, stderr: '' })
      expect((JSON.parse(exported.stdout) as { keys: { keyId: string }[] }).keys.map((k) => k.keyId)).toEqual([kept])
      // the refusals and the export changed nothing: the server still serves its key
      const described = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.DescribeKey' }, body: JSON.stringify({ KeyId: kept }) })
      expect(described.status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    const again = await start(file)
    expect(again.emulator.snapshot().keys.map((k) => k.keyId)).toEqual([kept])
    await again.close()
  }, 60_000)

  it('refuses a second opening of a state this process has open, until the first is closed', async () => {
    const file = join(dir, 'kms.mdb')
    const first = openStateDb({ stateFile: file })
    expect(() => openStateDb({ stateFile: file })).toThrow(new StateLocationError(`${file} is already open in this process: a state is served by one state database at a time (close the other first)`))
    await first.db.close()
    const second = openStateDb({ stateFile: file })
    await second.db.close()
  })

  it.each([
    ['the state', ''],
    ['the lock file', '-lock'],
    ['the migrated state', '.v1.json'],
  ])('refuses a sealing key file that is %s, and creates nothing (LMDB would overwrite a key in its lock file, and every secret with it)', (what, suffix) => {
    const file = join(dir, 'kms.mdb')
    const message = (key: string) => `the sealing key file ${key} is ${what} ${file}${suffix}: keep the key in a file of its own (the default is ${file}.key)`
    expect(() => openStateDb({ stateFile: file, sealingKeyFile: `${file}${suffix}` })).toThrow(new StateLocationError(message(`${file}${suffix}`)))
    // the same file reached through a link to the directory
    const real = join(dir, 'real')
    mkdirSync(real, { mode: 0o700 })
    symlinkSync(real, join(dir, 'link'))
    const inReal = join(real, 'kms.mdb')
    const throughLink = `${join(dir, 'link', 'kms.mdb')}${suffix}`
    expect(() => openStateDb({ stateFile: inReal, sealingKeyFile: throughLink })).toThrow(`the sealing key file ${throughLink} is ${what} ${inReal}${suffix}:`)
    expect(readdirSync(dir).sort()).toEqual(['link', 'real'])
    expect(readdirSync(real)).toEqual([])
  })

  it('refuses a state without its sealing key', async () => {
    const file = join(dir, 'kms.mdb')
    await (await start(file)).close()
    rmSync(`${file}.key`)
    await expect(start(file)).rejects.toThrow(`${file} exists but its sealing key file ${file}.key does not: the state cannot be opened`)
  })

  it('refuses a sealing key file that holds no key, and says why an empty one may be there', () => {
    const file = join(dir, 'kms.mdb')
    // empty: made by a process creating this state that has not written it yet, or one stopped in between
    writeFileSync(`${file}.key`, '', { mode: 0o600 })
    expect(() => openStateDb({ stateFile: file })).toThrow(new StateLocationError(`${file}.key is empty: another process is creating this state, or one stopped before writing the key (remove ${file}.key if no other process is starting on this state)`))
    writeFileSync(`${file}.key`, 'ab'.repeat(31), { mode: 0o600 })
    expect(() => openStateDb({ stateFile: file })).toThrow(new StateLocationError(`${file}.key must hold a 32-byte sealing key (raw, or 64 hex characters)`))
    expect(readdirSync(dir)).toEqual(['kms.mdb.key'])
  })

  it('leaves the process to end on an unhandled rejection that is not lmdb\'s failed commit, as it would without the state database\'s listener', () => {
    // openStateDb's listener lets lmdb's unreachable rejection of a failed commit pass (the journal
    // answers that commit) and must rethrow everything else: a process that kept running past a
    // real unhandled rejection would hide the bug behind it
    const script = [
      "import { openStateDb } from './src/http.ts'",
      `openStateDb({ stateFile: ${JSON.stringify(join(dir, 'kms.mdb'))} })`,
      "Promise.reject(new Error('a rejection of the application'))",
      "setTimeout(() => console.log('still running'), 2000)",
    ].join('\n')
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } })
    expect({ code: child.status, stdout: child.stdout }).toEqual({ code: 1, stdout: '' })
    expect(child.stderr).toContain('Error: a rejection of the application')
  })

  it('shows the sealing key of an opened state in no JSON.stringify, util.inspect or spread, yet hands it to whoever asks', async () => {
    const file = join(dir, 'kms.mdb')
    const opened = openStateDb({ stateFile: file })
    try {
      const key = keyOf(file)
      expect(opened.sealingKey).toEqual(key)
      const hex = Buffer.from(key).toString('hex')
      // its bytes as numbers in a row, however printed (`Uint8Array(32) [ 1, 2, …`, `{"0":1,"1":2,…}`)
      const decimal = [...key].join(',')
      const numbersIn = (text: string): string => (text.replace(/"\d+":/g, '').match(/\d+/g) ?? []).join(',')
      const shown = [
        JSON.stringify({ ...opened, db: undefined }),
        inspect(opened, { depth: Infinity }),
        inspect({ ...opened }, { depth: Infinity }),
        JSON.stringify(Object.entries(opened).filter(([name]) => name !== 'db')),
      ]
      for (const text of shown) {
        expect(text).not.toContain(hex)
        expect(numbersIn(text)).not.toContain(decimal)
        expect(text).not.toContain(Buffer.from(key).toString('base64'))
      }
      expect(Object.keys(opened)).not.toContain('sealingKey')
      // what the journal and the emulator are given opens the state
      const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey })
      kms.close()
    } finally {
      await opened.db.close()
    }
  })

  it.each([['read from its file', true], ['made and written to its file', false]] as const)('leaves no copy of a sealing key %s in Node\'s shared Buffer pool', async (_how, exists) => {
    const file = join(dir, 'kms.mdb')
    const given = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff)
    // views over the key's own memory: Buffer.from(key) would copy it into the pool itself
    // (and the file's text written from bytes: writeFileSync of a string encodes it into the pool)
    if (exists) writeFileSync(`${file}.key`, new TextEncoder().encode(`${Buffer.from(given.buffer).toString('hex')}\n`), { mode: 0o600 })
    const opened = openStateDb({ stateFile: file })
    // the pool small Buffers are cut from (Buffer.from(hex, 'hex') among them), as it is now
    const pool = Buffer.from(Buffer.allocUnsafe(1).buffer)
    try {
      const key = opened.sealingKey
      if (exists) expect(key).toEqual(given)
      const bytes = Buffer.from(key.buffer, key.byteOffset, key.byteLength)
      expect(pool.indexOf(bytes)).toBe(-1)
      expect(pool.indexOf(bytes.toString('hex'), 0, 'latin1')).toBe(-1) // nor the key file's text
    } finally {
      await opened.db.close()
    }
  })
})
