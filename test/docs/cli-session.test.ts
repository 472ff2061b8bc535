/**
 * The README's AWS CLI session, pasted as a user would: the block after the `cli-session` marker
 * runs in bash against a fresh endpoint, with the real AWS CLI and the OpenSSL command line
 * (`.ci/run` installs both when they are missing).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type RunningServer } from 'kms-key-import/http'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** The first ```sh block after the marker line. */
const sessionBlock = (markdown: string): string => {
  const lines = markdown.split('\n')
  const marker = lines.findIndex((l) => l.startsWith('<!-- cli-session'))
  if (marker < 0) throw new Error('README.md has no cli-session marker')
  const start = lines.findIndex((l, i) => i > marker && l.startsWith('```sh'))
  const end = lines.findIndex((l, i) => i > start && l.startsWith('```'))
  return lines.slice(start + 1, end).join('\n')
}

describe('the README AWS CLI session', () => {
  let server: RunningServer
  let dir: string
  beforeAll(async () => {
    server = await serve({ port: 0, quiet: true })
    dir = mkdtempSync(join(tmpdir(), 'kms-cli-session-'))
  })
  afterAll(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('imports material with OpenSSL and the AWS CLI, then encrypts and decrypts with it', async () => {
    const script = sessionBlock(readFileSync(join(root, 'README.md'), 'utf8'))
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: dir,
      env: { ...process.env, KMS_URL: server.url, AWS_PAGER: '' },
      timeout: 60_000,
    })
    const lines = stdout.trim().split('\n')
    expect(lines).toContain('Enabled')
    expect(lines.at(-1)).toBe('hello')
  }, 90_000)
})
