/**
 * The CLI's other commands, run as a user runs them (child processes): `--version`,
 * `walkthrough --profile`, `state export` / `state import`, and what `serve --state` says at start
 * (including a missing directory).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { restoreEmulator } from 'kms-key-import'
import { openStateDb, stateJournal } from 'kms-key-import/http'
import { createEmulator } from 'kms-key-import'
import { createDeterministicProvider } from 'kms-key-import/testing'

const root = fileURLToPath(new URL('../..', import.meta.url))
const cli = (args: readonly string[], input?: string) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', input, env: { ...process.env, NODE_NO_WARNINGS: '1' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-cli-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A state database with two keys, made through the journal as `serve --state` makes it. */
const makeState = async (file: string): Promise<void> => {
  const opened = openStateDb({ stateFile: file })
  const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey, journal: stateJournal({ db: opened.db, sealingKey: opened.sealingKey }) })
  await kms.invoke('CreateKey', { Description: 'one' })
  await kms.invoke('CreateKey', { Description: 'two' })
  kms.close()
  await opened.db.close()
}

/** A snapshot of 10,000 keys (≈6 MB, seconds of work each way on a small machine), made once. */
let large: Promise<{ readonly sealingKey: Uint8Array; readonly text: string }> | undefined
const largeSnapshot = () => (large ??= (async () => {
  const sealingKey = new Uint8Array(32).fill(3)
  const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey })
  for (let i = 0; i < 10_000; i++) await kms.invoke('CreateKey', {})
  const text = `${JSON.stringify(kms.snapshot())}\n`
  kms.close()
  return { sealingKey, text }
})())

describe('kms-key-import', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
    expect(cli(['--version'])).toEqual({ code: 0, stdout: `kms-key-import ${version}\n`, stderr: '' })
  })

  it('--version with anything after it is a usage mistake: named, with the usage, status 2', () => {
    const firstLine = (args: readonly string[]) => {
      const r = cli(args)
      return { code: r.code, stdout: r.stdout, stderr: r.stderr.split('\n')[0] }
    }
    expect(firstLine(['--version', 'extra'])).toEqual({ code: 2, stdout: '', stderr: "Unexpected argument 'extra'. This command does not take positional arguments" })
    expect(firstLine(['version', '--bogus'])).toEqual({ code: 2, stdout: '', stderr: "Unknown option '--bogus'" })
    expect(cli(['--version', 'extra']).stderr).toContain('usage: kms-key-import ')
  })

  it('a negative number for a whole-number flag is named with what the flag accepts, status 2 (not parseArgs\'s "ambiguous")', () => {
    const r = cli(['conform', '--endpoint', 'http://127.0.0.1:1', '--runs', '-1'])
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr.split('\n')[0] }).toEqual({ code: 2, stdout: '', stderr: '--runs must be an integer in 1–100000: -1' })
    const s = cli(['serve', '--port', '-1'])
    expect({ code: s.code, stdout: s.stdout, stderr: s.stderr.split('\n')[0] }).toEqual({ code: 2, stdout: '', stderr: '--port must be an integer in 0–65535: -1' })
  })

  it('serve --help and state --help print their usage on standard output, status 0 (help is no usage error)', () => {
    for (const command of ['serve', 'state']) {
      const r = cli([command, '--help'])
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
      expect(r.stdout.startsWith(`usage: kms-key-import ${command} `)).toBe(true)
    }
    expect(cli(['state', 'export', '-h']).code).toBe(0)
  })

  it('walkthrough --help prints the usage on standard output, status 0, as the other commands do', () => {
    for (const args of [['walkthrough', '--help'], ['walkthrough', '-h'], ['walkthrough', '--profile', 'latest', '--help']]) {
      const r = cli(args)
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
      expect(r.stdout).toBe(cli(['--help']).stdout)
    }
  })

  it('walkthrough --profile runs the walkthrough under that profile, and refuses an unknown one', () => {
    const ok = cli(['walkthrough', '--profile', '2025-06-05'])
    expect(ok.code).toBe(0)
    expect(ok.stdout.split('\n')[0]).toMatch(/^kms-key-import walkthrough — profile '2025-06-05'/)
    const bad = cli(['walkthrough', '--profile', 'nope'])
    expect(bad.code).toBe(2)
    expect(bad.stderr.split('\n')[0]).toBe('--profile must be one of classic, 2023-10-10, 2025-06-05, latest: nope')
  })

  it.each(['classic', '2023-10-10', '2025-06-05'])('walkthrough --profile %s: what step 8 says the rules refuse is refused, each with its exception (only the AWS_KMS key it uses is made)', (profile) => {
    const r = cli(['walkthrough', '--profile', profile])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    const step8 = lines.slice(lines.findIndex((l) => l.startsWith('8. ')), lines.findIndex((l) => l.startsWith('9. '))).filter((l) => l.startsWith('  → '))
    expect(step8[0]).toBe('  → CreateKey 200 OK')
    expect(step8.slice(1).map((l) => /^ {2}→ \w+ 400 \w+Exception: /.test(l) ? 'refused' : l)).toEqual(['refused', 'refused', 'refused', 'refused'])
  })

  it('walkthrough names the argument that is wrong: an extra one, a missing value, an unknown flag', () => {
    const firstLine = (args: readonly string[]) => {
      const r = cli(['walkthrough', ...args])
      return { code: r.code, stdout: r.stdout, stderr: r.stderr.split('\n')[0] }
    }
    expect(firstLine(['--profile', 'classic', 'extra'])).toEqual({ code: 2, stdout: '', stderr: "Unexpected argument 'extra'. This command does not take positional arguments" })
    expect(firstLine(['--profile'])).toEqual({ code: 2, stdout: '', stderr: "Option '--profile <value>' argument missing" })
    expect(firstLine(['--profiel', 'classic'])).toEqual({ code: 2, stdout: '', stderr: "Unknown option '--profiel'" })
  })

  it('ends quietly, status 0, when its reader stops reading (walkthrough | head -1)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'walkthrough'], { cwd: root, env: { ...process.env, NODE_NO_WARNINGS: '1' } })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    // like head -1: read the first chunk, then close the pipe
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
  })

  it('state export writes the state as a snapshot that restores with its key', async () => {
    const file = join(dir, 'kms.mdb')
    await makeState(file)
    const out = cli(['state', 'export', '--state', file])
    expect(out.code).toBe(0)
    const key = new Uint8Array(Buffer.from(readFileSync(`${file}.key`, 'utf8'), 'hex'))
    const restored = restoreEmulator({ state: JSON.parse(out.stdout) as unknown, sealingKey: key })
    expect(E.isRight(restored) ? restored.right.snapshot().keys.map((k) => k.description) : restored.left).toEqual(['one', 'two'])
  })

  it('state export of an empty database (made, never started) says it holds no state, and writes nothing into it', () => {
    const file = join(dir, 'kms.mdb')
    writeFileSync(file, '', { mode: 0o600 })
    expect(cli(['state', 'export', '--state', file])).toEqual({ code: 1, stdout: '', stderr: `kms-key-import state: ${file} holds no state yet\n` })
    expect(statSync(file).size).toBe(0)
    expect(readdirSync(dir)).toEqual(['kms.mdb'])
  })

  it('state export of a file that starts like a 0.1.0 state but is not JSON refuses it in one line, exit 1', () => {
    const file = join(dir, 'kms.mdb')
    writeFileSync(file, '{not json', { mode: 0o600 })
    expect(cli(['state', 'export', '--state', file])).toEqual({ code: 1, stdout: '', stderr: `kms-key-import state: ${file} is not valid JSON: the state cannot be loaded\n` })
  })

  it('state export --out refuses an existing file in one line, and leaves it as it was', async () => {
    const file = join(dir, 'kms.mdb')
    await makeState(file)
    const out = join(dir, 'snapshot.json')
    writeFileSync(out, 'kept\n')
    expect(cli(['state', 'export', '--state', file, '--out', out])).toEqual({
      code: 1, stdout: '', stderr: `kms-key-import state: ${out} exists: export writes a new file, it overwrites none\n`,
    })
    expect(readFileSync(out, 'utf8')).toBe('kept\n')
    const missing = join(dir, 'missing', 'snapshot.json')
    const refused = cli(['state', 'export', '--state', file, '--out', missing])
    expect(refused.code).toBe(1)
    expect(refused.stderr.startsWith(`kms-key-import state: cannot write ${missing}: ENOENT`)).toBe(true)
    expect(refused.stderr.split('\n')).toHaveLength(2) // one line
    expect(cli(['state', 'export', '--state', file, '--out', join(dir, 'new.json')])).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(statSync(join(dir, 'new.json')).mode & 0o777).toBe(0o600)
  })

  it('state export --out follows no symlink: one at the name, to a file or to nothing, is refused and its target left as it was', async () => {
    const file = join(dir, 'kms.mdb')
    await makeState(file)
    const victim = join(dir, 'victim.txt')
    writeFileSync(victim, 'untouched\n')
    const dangling = join(dir, 'would-be-created.json')
    for (const [link, target] of [[join(dir, 'to-file.json'), victim], [join(dir, 'to-nothing.json'), dangling]] as const) {
      symlinkSync(target, link)
      expect(cli(['state', 'export', '--state', file, '--out', link])).toEqual({
        code: 1, stdout: '', stderr: `kms-key-import state: ${link} exists: export writes a new file, it overwrites none\n`,
      })
    }
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n')
    expect(existsSync(dangling)).toBe(false)
  })

  it('state import makes a new database from a snapshot, mode 0600, and refuses to overwrite one', async () => {
    const file = join(dir, 'kms.mdb')
    await makeState(file)
    const snapshot = cli(['state', 'export', '--state', file]).stdout
    const copy = join(dir, 'copy.mdb')
    const fresh = cli(['state', 'import', '--state', copy, '--sealing-key-file', `${file}.key`], snapshot)
    expect(fresh).toEqual({ code: 0, stdout: `kms-key-import state: imported 2 keys into ${copy}\n`, stderr: '' })
    expect(statSync(copy).mode & 0o777).toBe(0o600)
    expect(JSON.parse(cli(['state', 'export', '--state', copy]).stdout)).toEqual(JSON.parse(snapshot))
    const again = cli(['state', 'import', '--state', copy, '--sealing-key-file', `${file}.key`], snapshot)
    expect(again).toEqual({ code: 1, stdout: '', stderr: `kms-key-import state: ${copy} exists: import creates a new state database\n` })
    // one key is counted in the singular
    const one = JSON.stringify({ ...JSON.parse(snapshot) as object, keys: (JSON.parse(snapshot) as { keys: unknown[] }).keys.slice(0, 1) })
    const single = join(dir, 'single.mdb')
    expect(cli(['state', 'import', '--state', single, '--sealing-key-file', `${file}.key`], one)).toEqual({ code: 0, stdout: `kms-key-import state: imported 1 key into ${single}\n`, stderr: '' })
  })

  it('state import, export and serve --state of a large state say each step on stderr as it begins; import and export round-trip byte for byte', async () => {
    const { sealingKey, text } = await largeSnapshot()
    const snapshot = join(dir, 'big.json')
    writeFileSync(snapshot, text)
    const file = join(dir, 'big.mdb')
    writeFileSync(`${file}.key`, Buffer.from(sealingKey).toString('hex'), { mode: 0o600 })
    const imported = cli(['state', 'import', '--state', file, '--in', snapshot])
    expect({ code: imported.code, stdout: imported.stdout }).toEqual({ code: 0, stdout: `kms-key-import state: imported 10000 keys into ${file}\n` })
    expect(imported.stderr.split('\n')).toEqual([
      `kms-key-import state: reading ${snapshot} (${(text.length / 1e6).toFixed(1)} MB)…`,
      'kms-key-import state: checking 10000 keys (each must open with the sealing key)…',
      `kms-key-import state: writing 10000 keys into ${file}…`,
      '',
    ])
    const out = join(dir, 'again.json')
    const exported = cli(['state', 'export', '--state', file, '--out', out])
    expect({ code: exported.code, stdout: exported.stdout }).toEqual({ code: 0, stdout: '' })
    expect(exported.stderr.split('\n')).toEqual([
      `kms-key-import state: reading ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)…`,
      `kms-key-import state: writing 10000 keys to ${out}…`,
      '',
    ])
    expect(readFileSync(out, 'utf8') === text).toBe(true)
    // serve says it is loading before the seconds it takes, then what it loaded
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--state', file, '--port', '0', '--pool-size', '0', '--quiet'], { cwd: root, env: { ...process.env, NODE_NO_WARNINGS: '1' } })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (stdout.includes('KMS endpoint')) resolve()
    }))
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
    expect(stderr.split('\n')[0]).toBe(`kms-key-import: state: loading ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)…`)
    expect(stdout.split('\n')[0]).toBe(`kms-key-import: state: loaded 10000 keys from ${file}`)
  }, 60_000)

  it.each([
    ['checking the snapshot', 'checking', false],
    ['writing the database', 'writing', true],
  ] as const)('state import stopped by SIGTERM while %s leaves the whole database or nothing, never a database without the state', async (_when, step, whole) => {
    const { sealingKey, text } = await largeSnapshot()
    const snapshot = join(dir, 'big.json')
    writeFileSync(snapshot, text)
    const file = join(dir, 'big.mdb')
    writeFileSync(`${file}.key`, Buffer.from(sealingKey).toString('hex'), { mode: 0o600 })
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'state', 'import', '--state', file, '--in', snapshot], { cwd: root, env: { ...process.env, NODE_NO_WARNINGS: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
    // the signal as soon as the step has begun
    await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      if (stderr.includes(`state: ${step} `)) resolve()
    }))
    child.kill('SIGTERM')
    const { signal } = await exited
    if (whole) {
      // a commit in flight is finished, and said, before the process ends by the signal
      expect(stdout).toBe(`kms-key-import state: imported 10000 keys into ${file}\n`)
      const out = join(dir, 'again.json')
      expect(cli(['state', 'export', '--state', file, '--out', out]).code).toBe(0)
      expect(readFileSync(out, 'utf8') === text).toBe(true)
    } else {
      // nothing was created yet: a second import is not refused as existing
      expect({ signal, stdout, files: readdirSync(dir).sort() }).toEqual({ signal: 'SIGTERM', stdout: '', files: ['big.json', 'big.mdb.key'] })
    }
  }, 60_000)

  it('state import --in a snapshot that cannot be read says so (not that it is not JSON), and creates nothing', async () => {
    const file = join(dir, 'kms.mdb')
    await makeState(file)
    const copy = join(dir, 'copy.mdb')
    const missing = join(dir, 'missing.json')
    const refused = cli(['state', 'import', '--state', copy, '--in', missing, '--sealing-key-file', `${file}.key`])
    expect(refused.code).toBe(1)
    expect(refused.stderr.startsWith(`kms-key-import state: cannot read the snapshot ${missing}: ENOENT`)).toBe(true)
    expect(refused.stderr.split('\n')).toHaveLength(2) // one line
    writeFileSync(join(dir, 'bad.json'), 'not json')
    expect(cli(['state', 'import', '--state', copy, '--in', join(dir, 'bad.json'), '--sealing-key-file', `${file}.key`]).stderr).toBe('kms-key-import state: the snapshot is not valid JSON\n')
    expect(() => statSync(copy)).toThrow()
  })

  it('state import refuses a snapshot sealed under another key, and leaves nothing behind', async () => {
    const file = join(dir, 'kms.mdb')
    await makeState(file)
    const snapshot = cli(['state', 'export', '--state', file]).stdout
    const other = join(dir, 'other.mdb')
    await (async () => (await openStateDb({ stateFile: other }).db.close()))()
    const copy = join(dir, 'copy.mdb')
    const refused = cli(['state', 'import', '--state', copy, '--sealing-key-file', `${other}.key`], snapshot)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe('kms-key-import state: the snapshot cannot be restored: the snapshot was sealed under another sealing key\n')
    expect(() => statSync(copy)).toThrow()
  })

  it('serve --state on a state file of 0.1.0 sealed under another key says so and exits 1 (not 2: it is no usage error)', async () => {
    const file = join(dir, 'kms.json')
    const old = createEmulator({ crypto: createDeterministicProvider(), sealingKey: new Uint8Array(32).fill(3) })
    await old.invoke('CreateKey', {})
    writeFileSync(file, JSON.stringify(old.snapshot()), { mode: 0o600 })
    writeFileSync(`${file}.key`, '04'.repeat(32), { mode: 0o600 })
    expect(cli(['serve', '--port', '0', '--pool-size', '0', '--state', file])).toEqual({
      code: 1, stdout: '', stderr: `kms-key-import serve: ${file} cannot be migrated with the sealing key ${file}.key: the snapshot was sealed under another sealing key\n`,
    })
    expect(readdirSync(dir).sort()).toEqual(['kms.json', 'kms.json.key'])
  })

  it('serve --state with another sealing key than the database was sealed with says so and exits 1 (not 2: it is no usage error)', async () => {
    const file = join(dir, 'kms.mdb')
    const opened = openStateDb({ stateFile: file })
    const kms = createEmulator({ crypto: createDeterministicProvider(), sealingKey: opened.sealingKey, journal: stateJournal({ db: opened.db, sealingKey: opened.sealingKey }) })
    await kms.invoke('CreateKey', {})
    kms.close()
    await opened.db.close()
    const other = join(dir, 'other.key')
    writeFileSync(other, '05'.repeat(32), { mode: 0o600 })
    expect(cli(['serve', '--port', '0', '--pool-size', '0', '--state', file, '--sealing-key-file', other])).toEqual({
      code: 1, stdout: '', stderr: `kms-key-import serve: ${file} cannot be opened with the sealing key ${other}: the snapshot was sealed under another sealing key\n`,
    })
  })

  it('serve --state under another --profile or --region than the state was made with names the flag to give, not the sealing key (which is right), and exits 1', async () => {
    const file = join(dir, 'kms.mdb')
    await makeState(file) // profile classic, Region us-east-1
    expect(cli(['serve', '--port', '0', '--pool-size', '0', '--state', file, '--profile', 'latest'])).toEqual({
      code: 1, stdout: '', stderr: `kms-key-import serve: ${file} holds keys made under profile classic, not 2025-06-05: serve it with --profile classic, or without --profile\n`,
    })
    expect(cli(['serve', '--port', '0', '--pool-size', '0', '--state', file, '--region', 'eu-west-1'])).toEqual({
      code: 1, stdout: '', stderr: `kms-key-import serve: ${file} holds keys made under region us-east-1, not eu-west-1: serve it with --region us-east-1, or without --region\n`,
    })
  })

  it('serve --state in a missing directory says so and exits 1', () => {
    const missing = join(dir, 'missing', 'kms.mdb')
    expect(cli(['serve', '--port', '0', '--state', missing])).toEqual({
      code: 1, stdout: '', stderr: `kms-key-import serve: the directory of the state, ${join(dir, 'missing')}, does not exist: create it (mode 0700) first\n`,
    })
  })
})
