/**
 * Two processes opening the same new state at the same moment (two `serve --state FILE` started
 * together): at most one of them gets it, and the other is refused with the state database's own
 * words, never with a raw `EEXIST` of a file the first had just made. Each pair of children loads
 * the state database, says it is ready, and is told to open at once, one write apart; they hold
 * what they opened until both have answered.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nextLine } from '../support/child-output.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

// the child: opens the state when told to, reports, and closes it when told to
const CHILD = `
const { openStateDb } = await import(process.argv[2])
let opened
process.stdin.once('data', () => {
  try {
    opened = openStateDb({ stateFile: process.argv[3] })
    process.stdout.write(JSON.stringify({ opened: true }) + '\\n')
  } catch (error) {
    process.stdout.write(JSON.stringify({ name: error.name, message: error.message }) + '\\n')
  }
  process.stdin.once('data', () => void Promise.resolve(opened?.db.close()).then(() => process.exit(0)))
})
process.stdout.write('ready\\n')
`

interface Outcome { readonly opened?: true; readonly name?: string; readonly message?: string }

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kki-race-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('two processes opening one new state together', () => {
  it('at most one opens it; the other is refused in the state database\'s words', async () => {
    const script = join(dir, 'child.mjs')
    writeFileSync(script, CHILD)
    const races = Array.from({ length: 6 }, (_, i) => join(dir, `s${String(i)}.mdb`))
    const outcomes = await Promise.all(races.map(async (file) => {
      const pair = [0, 1].map(() => spawn(process.execPath, ['--import', 'tsx', script, join(root, 'src/http.ts'), file], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }))
      try {
        await Promise.all(pair.map(nextLine))
        const answers = pair.map(nextLine)
        for (const child of pair) child.stdin?.write('open\n')
        const outcome = (await Promise.all(answers)).map((line) => JSON.parse(line) as Outcome)
        const exited = pair.map((child) => new Promise((resolve) => child.once('exit', resolve)))
        for (const child of pair) child.stdin?.write('close\n')
        await Promise.all(exited)
        return { file, outcome }
      } finally {
        for (const child of pair) if (child.exitCode === null) child.kill('SIGKILL')
      }
    }))
    for (const { file, outcome } of outcomes) {
      expect(outcome.filter((o) => o.opened === true).length).toBeLessThanOrEqual(1)
      for (const refused of outcome.filter((o) => o.opened !== true)) {
        expect(refused.name).toBe('StateLocationError')
        const name = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        expect(refused.message).toMatch(new RegExp([
          `^${name}(-lock|\\.key)? (is open in another process \\(pid \\d+\\)|was created by another process while this one opened the state): a state is served by one process at a time`,
          // the first had made its key file and not yet written it
          `^${name}\\.key is empty: another process is creating this state`,
        ].join('|')))
      }
    }
  }, 60_000)
})
