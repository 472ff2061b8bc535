/**
 * The crash harness: a real `kms-key-import serve --state FILE` in a child process, a client in
 * this process writing to it from several connections (CreateKey, and DisableKey/EnableKey on the
 * keys it made), and SIGKILL at a random moment. After each kill the state database is read as the
 * next start will read it, and every write that was acknowledged (answered 200) must be there:
 * each acknowledged key present, in the state of its last acknowledged change (or of the change in
 * flight at the kill, which may or may not have been committed: it was not acknowledged). Then the
 * server is started again on the same state, and the directory must hold only the state's files.
 *
 * Used by test/crash/crash.test.ts (a few kills) and test/crash/soak.ts (`npm run soak:crash`).
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { restoreEmulator } from '../../src/index.js'
import { readStateDb } from '../../src/http.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** How the server is started: through tsx (tests) or the compiled build (the soak). */
export type ServerCommand = readonly string[]
export const TSX_SERVER: ServerCommand = [process.execPath, '--import', 'tsx', join(root, 'src/cli/main.ts')]
export const BUILT_SERVER: ServerCommand = [process.execPath, join(root, 'dist/cli/main.js')]

/** A small seeded generator (mulberry32), so a failing round can be replayed from its seed. */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What the client knows about a key: its acknowledged state, and the change in flight if any. */
interface Known {
  state: 'Enabled' | 'Disabled'
  inFlight?: 'Enabled' | 'Disabled'
}

/** One round's outcome. */
export interface RoundResult {
  /** Requests answered 200 in this round. */
  readonly acknowledged: number
  /** Acknowledged writes missing or in another state after the kill (must be empty). */
  readonly lost: readonly string[]
  /** Files in the state's directory other than the state's own (must be empty). */
  readonly leftovers: readonly string[]
  /** Keys the state holds after the kill. */
  readonly keys: number
  /** The first line the restarted server printed (what it loaded). */
  readonly loadedLine: string
}

const STATE_FILES = ['kms.mdb', 'kms.mdb-lock', 'kms.mdb.key']

/**
 * Starts `serve --port 0 --quiet --state FILE` with `command` and waits for its URL.
 * @param command - the server command (e.g. {@link TSX_SERVER}, or a wrapper of it)
 * @param file - the state database
 * @returns the child, its URL and what it printed on stdout until then
 */
export const startServer = (command: ServerCommand, file: string): Promise<{ child: ReturnType<typeof spawn>; url: string; lines: string[] }> =>
  new Promise((resolve, reject) => {
    const [exe, ...args] = command
    const child = spawn(exe ?? process.execPath, [...args, 'serve', '--port', '0', '--quiet', '--state', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } })
    let out = ''
    let err = ''
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const url = /at (http:\/\/\S+)/.exec(out)?.[1]
      if (url !== undefined) resolve({ child, url, lines: out.split('\n') })
    })
    child.once('exit', (code) => reject(new Error(`the server exited (${String(code)}) before serving: ${err}`)))
  })

/**
 * One KMS JSON request.
 * @param url - the endpoint
 * @param op - the operation
 * @param body - the request
 * @returns the status and the parsed answer
 */
export const post = async (url: string, op: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` }, body: JSON.stringify(body) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/**
 * Runs `rounds` kill-and-restart rounds on a state in `dir` (which must be a fresh directory of
 * mode 0700), accumulating what was acknowledged across rounds.
 * @param options - rounds, directory, seed, server command, connections, and a progress callback
 * @returns each round's result
 */
export const crashRounds = async (options: {
  readonly rounds: number
  readonly dir: string
  readonly seed: number
  readonly command: ServerCommand
  readonly connections?: number
  readonly onRound?: (i: number, r: RoundResult) => void
}): Promise<RoundResult[]> => {
  const random = seeded(options.seed)
  const file = join(options.dir, 'kms.mdb')
  const known = new Map<string, Known>()
  const results: RoundResult[] = []
  let server = await startServer(options.command, file)
  for (let round = 0; round < options.rounds; round++) {
    let stopped = false
    let acknowledged = 0
    const worker = async (): Promise<void> => {
      const mine: string[] = []
      while (!stopped) {
        try {
          const id = mine[Math.floor(random() * mine.length)]
          if (id !== undefined && random() < 0.4) {
            const k = known.get(id)
            if (k === undefined) continue
            const target = k.state === 'Enabled' ? 'Disabled' : 'Enabled'
            k.inFlight = target
            const res = await post(server.url, target === 'Disabled' ? 'DisableKey' : 'EnableKey', { KeyId: id })
            if (res.status === 200 && !stopped) {
              k.state = target
              acknowledged++
            }
            if (!stopped) delete k.inFlight
          } else {
            const res = await post(server.url, 'CreateKey', { Description: `round ${round}` })
            const keyId = (res.body.KeyMetadata as { KeyId?: string } | undefined)?.KeyId
            if (res.status === 200 && keyId !== undefined && !stopped) {
              known.set(keyId, { state: 'Enabled' })
              mine.push(keyId)
              acknowledged++
            }
          }
        } catch {
          return // the server is gone
        }
      }
    }
    const workers = Array.from({ length: options.connections ?? 8 }, worker)
    await new Promise((r) => setTimeout(r, 100 + Math.floor(random() * 500)))
    server.child.kill('SIGKILL')
    // answers that arrive after this instant are not counted: the kill is the line
    stopped = true
    await new Promise((r) => server.child.once('exit', r))
    await Promise.all(workers)

    const key = new Uint8Array(Buffer.from(readFileSync(`${file}.key`, 'utf8'), 'hex'))
    const saved = readStateDb(file)
    const restored = E.isRight(saved) ? restoreEmulator({ state: saved.right, sealingKey: key }) : saved
    const lost: string[] = []
    let keys = 0
    if (E.isLeft(restored)) lost.push(`the state does not load: ${restored.left.message}`)
    else {
      const states = new Map(restored.right.snapshot().keys.map((k) => [k.keyId as string, k.state]))
      keys = states.size
      restored.right.close()
      for (const [id, k] of known) {
        const state = states.get(id)
        if (state !== k.state && (k.inFlight === undefined || state !== k.inFlight)) lost.push(`${id}: ${state ?? 'missing'}, acknowledged ${k.state}`)
      }
    }
    server = await startServer(options.command, file)
    const leftovers = readdirSync(options.dir).filter((f) => !STATE_FILES.includes(f))
    const result = { acknowledged, lost, leftovers, keys, loadedLine: server.lines[0] ?? '' }
    results.push(result)
    options.onRound?.(round, result)
  }
  server.child.kill('SIGTERM')
  await new Promise((r) => server.child.once('exit', r))
  return results
}
