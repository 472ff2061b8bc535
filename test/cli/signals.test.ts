/**
 * Work held against SIGINT and SIGTERM (`state import`'s database, `state export --out`'s file):
 * a signal that comes meanwhile waits for the work, then ends the process by that signal. A child
 * process holds the signals around work that takes a while (synchronous, as the export's write,
 * or asynchronous, as the import's commit), and is sent the signal in the middle of it.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

const child = (work: string, signal: NodeJS.Signals): Promise<{ readonly out: string; readonly signal: NodeJS.Signals | null; readonly code: number | null }> => new Promise((resolve) => {
  const script = [
    "import { withSignalsHeld } from './src/cli/signals.ts'",
    "const answer = await withSignalsHeld(async () => {",
    "  process.stdout.write('holding\\n')",
    `  ${work}`,
    "  process.stdout.write('done\\n')",
    "  return 'answer'",
    "})",
    "process.stdout.write(`after: ${answer}\\n`)",
  ].join('\n')
  const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  c.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8')
    if (out === 'holding\n') c.kill(signal)
  })
  c.on('exit', (code, sig) => resolve({ out, signal: sig, code }))
})

describe('withSignalsHeld', () => {
  it.each([
    ['synchronous work (a file written at once)', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500)', 'SIGTERM'],
    ['asynchronous work (a commit awaited)', 'await new Promise((resolve) => setTimeout(resolve, 500))', 'SIGTERM'],
    ['synchronous work, Ctrl-C', 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500)', 'SIGINT'],
  ] as const)('lets %s finish, then ends the process by the signal that came meanwhile', async (_, work, signal) => {
    expect(await child(work, signal)).toEqual({ out: 'holding\ndone\n', signal, code: null })
  }, 30_000)

  it('returns what the work returned when no signal came, and leaves the signals to their default after', async () => {
    const ran = await new Promise<{ out: string; code: number | null }>((resolve) => {
      const script = "import { withSignalsHeld } from './src/cli/signals.ts'\nconsole.log(await withSignalsHeld(() => 'answer'), process.listenerCount('SIGTERM'), process.listenerCount('SIGINT'))"
      const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      c.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
      c.on('exit', (code) => resolve({ out, code }))
    })
    expect(ran).toEqual({ out: 'answer 0 0\n', code: 0 })
  }, 30_000)
})
