/**
 * The report files as their consumers read them, from real runs: a passing run, a divergent one, one
 * whose endpoint does not serve an operation, one whose endpoint answers hostile text (`]]>`, `<`,
 * `&`, NUL, lone surrogates, newlines, `|`, backticks, very long strings), and a run interrupted
 * at once (from the CLI). JUnit XML is checked by libxml2's `xmllint` — as strict about XML 1.0 as
 * the Java parsers CI servers use — against test/conformance/junit.xsd (the common JUnit format),
 * and its counts are added up; the JSON file is parsed, decoded by an io-ts codec of what
 * docs/conformance.md promises, and its scripts replayed; the Markdown tables keep their columns,
 * and its AWS CLI scripts are run by bash with a stand-in `aws` that records the arguments it gets.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { XMLParser } from 'fast-xml-parser'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classicProfile, createEmulator, type Profile } from 'kms-key-import'
import { LIFECYCLE_OPERATIONS, awsCliScript, inProcessTarget, renderJUnit, renderJson, renderMarkdown, replaySteps, runConformance, type ConformanceReport, type ScriptLine, type Target, type Timeline } from 'kms-key-import/conformance'
import { serve } from 'kms-key-import/http'
import { createDeterministicProvider } from 'kms-key-import/testing'
import { conformCommand } from '../../src/cli/conform.js'
import { mutants } from './mutants.js'

const run = promisify(execFile)
const schema = fileURLToPath(new URL('junit.xsd', import.meta.url))
let dir = ''
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'report-consumers-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

/** What an endpoint answers in place of DisableKey: an exception named and worded to break every format. */
const HOSTILE_TYPE = `Evil]]><x a="1">&amp;'\`$(touch pwned-type)\`|cell|\ntouch pwned-line\r\u0000\u0001\u001b\ud800\uffff${'t'.repeat(20_000)}`
const HOSTILE_MESSAGE = `]]> <b> & " ' \` $HOME |a|\nb\r\u0000\u0008\udc00 ${'m'.repeat(300_000)}`

/** The emulator, except that DisableKey answers `body` with HTTP 400. */
const answersDisableKey = (body: string) => (timeline: Timeline): Target => {
  const inner = inProcessTarget(createEmulator({ profile: classicProfile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 77 }) }), 'mutant')
  return { name: 'mutant', send: async (request) => (request.target === 'TrentService.DisableKey' ? { status: 400, body } : inner.send(request)) }
}

const stateTable = mutants.find((m) => m.name.startsWith('a state-table cell flipped'))
if (stateTable === undefined) throw new Error('the state-table mutant is missing')

const runs: readonly { readonly name: string; readonly profile: Profile; readonly target: (timeline: Timeline) => Target; readonly divergent: boolean; readonly shows?: string }[] = [
  { name: 'a passing run', profile: classicProfile, target: (timeline) => inProcessTarget(createEmulator({ profile: classicProfile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 2 }) })), divergent: false },
  { name: 'a run with divergences (Encrypt allowed on a Disabled key)', profile: stateTable.profile, target: stateTable.target, divergent: true },
  { name: 'a run where DisableKey is not served', profile: classicProfile, target: answersDisableKey(JSON.stringify({ __type: 'UnknownOperationException' })), divergent: true, shows: 'DisableKey: answer (not served)' },
  { name: 'a run against an endpoint answering hostile text', profile: classicProfile, target: answersDisableKey(JSON.stringify({ __type: HOSTILE_TYPE, message: HOSTILE_MESSAGE })), divergent: true, shows: 'target: Evil]]><x a="1">&amp;' },
]

const row = t.type({ name: t.string, agree: t.number, diverge: t.number })
/** The JSON report as docs/conformance.md describes it (the ConformanceReport, every script's steps included). */
const reportCodec = t.intersection([
  t.type({
    target: t.string, profile: t.string, region: t.string, timing: t.union([t.literal('manual'), t.literal('real')]),
    seed: t.number, runs: t.number, steps: t.number, stepsCompared: t.number,
    scorecard: t.type({ operations: t.array(row), areas: t.array(row) }),
    divergences: t.array(t.type({
      signature: t.string, operation: t.string, area: t.string, step: t.string, seed: t.number,
      differences: t.array(t.intersection([t.type({ path: t.string }), t.partial({ expected: t.unknown, actual: t.unknown })])),
      script: t.array(t.intersection([
        t.type({ step: t.type({ op: t.string }), line: t.string, prologue: t.boolean, expected: t.string, actual: t.string }),
        t.partial({ request: t.UnknownRecord, region: t.string }),
      ])),
    })),
  }),
  t.partial({
    replicaRegion: t.string,
    cleanup: t.type({ keysScheduled: t.number, keysAlreadyPending: t.number, aliasesDeleted: t.number, left: t.array(t.type({ resource: t.string, region: t.string, reason: t.string })) }),
  }),
])

/** Characters XML 1.0 does not allow, and lone surrogates (which no UTF-8 file can hold). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/u

/** Validates JUnit XML with xmllint against the schema; checks that its counts add up and that every `time` is seconds. */
const checkJUnit = async (text: string, file: string): Promise<void> => {
  expect(text).not.toMatch(NOT_XML)
  await writeFile(file, text)
  // rejects (and so fails the test, with xmllint's reasons) unless the file is well-formed and valid
  await run('xmllint', ['--noout', '--schema', schema, file])
  type Case = { '@_name': string; failure?: unknown; error?: unknown; skipped?: unknown }
  type Suite = { '@_tests': string; '@_failures'?: string; '@_errors'?: string; '@_skipped'?: string; '@_time'?: string; testcase?: Case[] }
  const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(text) as { testsuites: Suite & { testsuite?: Suite[] } }
  const root = parsed.testsuites
  const suites = root.testsuite ?? []
  const count = (s: Suite, key: '@_failures' | '@_errors' | '@_skipped'): number => Number(s[key] ?? '0')
  for (const s of suites) {
    const cases = s.testcase ?? []
    expect(Number(s['@_tests'])).toBe(cases.length)
    expect(count(s, '@_failures')).toBe(cases.filter((c) => c.failure !== undefined).length)
    expect(count(s, '@_errors')).toBe(cases.filter((c) => c.error !== undefined).length)
    expect(count(s, '@_skipped')).toBe(cases.filter((c) => c.skipped !== undefined).length)
  }
  expect(Number(root['@_tests'])).toBe(suites.reduce((n, s) => n + Number(s['@_tests']), 0))
  for (const key of ['@_failures', '@_errors', '@_skipped'] as const) expect(count(root, key)).toBe(suites.reduce((n, s) => n + count(s, key), 0))
  for (const time of text.matchAll(/ time="([^"]*)"/g)) expect(time[1]).toMatch(/^\d+(\.\d+)?$/)
}

/** Checks that every Markdown table keeps its columns, and returns the bash blocks. */
const checkMarkdown = (text: string): string[] => {
  expect(text).not.toMatch(NOT_XML)
  const lines = text.split('\n')
  let columns: number | undefined
  for (const line of lines) {
    if (!line.startsWith('|')) {
      columns = undefined
      continue
    }
    const pipes = line.match(/(?<!\\)\|/g)?.length ?? 0
    columns ??= pipes
    expect(pipes, line.slice(0, 200)).toBe(columns)
    expect(line.endsWith(' |') || line.endsWith('---|') || line.endsWith(':|'), line.slice(0, 200)).toBe(true)
  }
  // fences open and close in pairs, each block holding no line that would close it early
  const fences = lines.filter((l) => l.startsWith('```'))
  expect(fences.length % 2).toBe(0)
  return [...text.matchAll(/^```bash\n([\s\S]*?)\n```$/gm)].map((m) => m[1] ?? '')
}

/** Runs a script's commands with a stand-in `aws` that prints its arguments (a `fileb://` argument as the file's content). */
const awsArguments = async (script: string): Promise<string[][]> => {
  const file = join(dir, 'script.sh')
  await writeFile(file, script)
  const stub = 'aws() { for a in "$@"; do case "$a" in fileb://*) printf "fileb:%s\\0" "$(cat "${a#fileb://}")";; *) printf "%s\\0" "$a";; esac; done; printf "\\n\\0"; }'
  const { stdout } = await run('bash', ['-c', `${stub}; source ${file}`], { cwd: dir })
  return stdout.split('\n\0').slice(0, -1).map((c) => c.split('\0').slice(0, -1))
}

describe('the report files, as their consumers read them', () => {
  for (const { name, profile, target, divergent, shows } of runs) {
    describe(name, () => {
      let report: ConformanceReport
      beforeAll(async () => {
        report = await runConformance({ profile, target, runs: 10, steps: 15, seed: 1, operations: LIFECYCLE_OPERATIONS, weights: { DisableKey: 4 }, maxShrinkRuns: 40 })
        expect(report.divergences.length > 0).toBe(divergent)
      }, 60_000)

      it('writes JUnit XML that is well-formed, valid against the JUnit schema, with counts that add up', async () => {
        await checkJUnit(renderJUnit(report), join(dir, 'r.xml'))
      })

      it('writes JSON that parses back to the report, of the shape the docs promise, whose scripts replay to the same divergences', async () => {
        const file = join(dir, 'r.json')
        await writeFile(file, renderJson(report))
        const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
        expect(parsed).toEqual(report)
        const decoded = reportCodec.decode(parsed)
        expect(E.isRight(decoded)).toBe(true)
        for (const d of (parsed as ConformanceReport).divergences) {
          const records = await replaySteps({ profile, target }, d.script.map((l) => l.step))
          expect(records.at(-1)?.differences).toEqual(d.differences)
        }
      })

      it('writes Markdown whose tables keep their columns and whose AWS CLI scripts are valid bash in which only commands run', async () => {
        const markdown = renderMarkdown(report, { endpoint: 'http://127.0.0.1:4599' })
        if (shows !== undefined) expect(markdown).toContain(shows)
        const blocks = checkMarkdown(markdown)
        expect(blocks.length).toBe(report.divergences.length)
        for (const block of blocks) {
          await run('bash', ['-n', '-c', block])
          // what the endpoint answered is shown in comments only: none of its lines is a command
          for (const line of block.split('\n').filter((l) => l.includes('pwned'))) expect(line.startsWith('#'), line.slice(0, 200)).toBe(true)
        }
      })
    })
  }

  it('writes a valid JUnit file on a run interrupted at once (Ctrl-C), over loopback from the CLI', async () => {
    const server = await serve({ port: 0, quiet: true, profile: classicProfile })
    try {
      const file = join(dir, 'interrupted.xml')
      const interrupt = new AbortController()
      interrupt.abort()
      const code = await conformCommand(['--endpoint', server.url, '--runs', '3', '--steps', '3', '--seed', '1', '--operations', 'lifecycle', '--junit', file, '--quiet'],
        { out: () => undefined, err: () => undefined, credentials: async () => undefined, interrupt: interrupt.signal })
      expect(code).toBe(130)
      await checkJUnit(await readFile(file, 'utf8'), file)
    } finally {
      await server.close()
    }
  })

  it('writes AWS CLI commands whose arguments reach the CLI as sent, whatever the tag value, description or plaintext holds', async () => {
    const hostile = `it's $HOME \`id\` $(id) "q" \\n %s %% a,b=c\nsecond line`
    const line = (l: Omit<ScriptLine, 'line' | 'prologue' | 'expected'>): ScriptLine => ({ line: l.step.op, prologue: false, expected: 'ok', ...l })
    const script = awsCliScript([
      line({ step: { op: 'TagResource', key: 0, tag: 0, value: 0 }, request: { KeyId: 'key#0', Tags: [{ TagKey: 'conform-a', TagValue: hostile }] }, actual: 'X' }),
      line({ step: { op: 'UpdateKeyDescription', key: 0, description: 0 }, request: { KeyId: 'key#0', Description: hostile }, actual: 'X' }),
      line({ step: { op: 'Encrypt', key: 0 }, request: { KeyId: 'key#0', Plaintext: Buffer.from(hostile).toString('base64') }, actual: 'X\ntouch pwned-comment' }),
    ], { region: 'us-east-1', profile: 'classic', timing: 'real' })
    const calls = await awsArguments(script)
    expect(calls.map((c) => c[3])).toEqual(['tag-resource', 'update-key-description', 'encrypt'])
    const [tag, description, encrypt] = calls
    expect(JSON.parse(tag?.[tag.indexOf('--tags') + 1] ?? '')).toEqual([{ TagKey: 'conform-a', TagValue: hostile }])
    expect(description?.[description.indexOf('--description') + 1]).toBe(hostile)
    expect(encrypt?.[encrypt.indexOf('--plaintext') + 1]).toBe(`fileb:${hostile}`)
    // the target's answer, in a comment, ran nothing
    await expect(readFile(join(dir, 'pwned-comment'))).rejects.toThrow(/ENOENT/)
  })

  it('writes AWS CLI commands that the real AWS CLI sends to the endpoint with those values as they were', async () => {
    const server = await serve({ port: 0, quiet: true, profile: classicProfile })
    try {
      const hostile = `it's $HOME \`id\` $(id) "q" \\n %s %% a,b=c\nsecond line`
      const line = (l: Omit<ScriptLine, 'line' | 'prologue' | 'expected' | 'actual'>): ScriptLine => ({ line: l.step.op, prologue: false, expected: 'ok', actual: 'ok', ...l })
      const script = awsCliScript([
        line({ step: { op: 'CreateKey', origin: 'AWS_KMS' }, request: { Origin: 'AWS_KMS' } }),
        line({ step: { op: 'TagResource', key: 0, tag: 0, value: 0 }, request: { KeyId: 'key#0', Tags: [{ TagKey: 'conform-a', TagValue: hostile }] } }),
        line({ step: { op: 'UpdateKeyDescription', key: 0, description: 0 }, request: { KeyId: 'key#0', Description: hostile } }),
        line({ step: { op: 'Encrypt', key: 0 }, request: { KeyId: 'key#0', Plaintext: Buffer.from(hostile).toString('base64') } }),
      ], { endpoint: server.url, region: 'us-east-1', profile: 'classic', timing: 'real' })
      // read back what the endpoint got, as JSON
      const readBack = [
        'set -e',
        script.replace(/^#!.*\n/, ''),
        '$KMS list-resource-tags --key-id "$KEY0" --query Tags --output json',
        '$KMS describe-key --key-id "$KEY0" --query KeyMetadata.Description --output json',
        '$KMS decrypt --ciphertext-blob fileb://<(echo "$CIPHERTEXT0" | base64 -d) --query Plaintext --output json',
      ].join('\n')
      const none = join(dir, 'no-aws-config')
      const { stdout } = await run('bash', ['-c', readBack], {
        cwd: dir, env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: none, AWS_SHARED_CREDENTIALS_FILE: none, AWS_PAGER: '' },
      })
      const [tags, description, plaintext] = stdout.trim().split(/\n(?=[[{"])/).map((j) => JSON.parse(j) as unknown)
      expect(tags).toEqual([{ TagKey: 'conform-a', TagValue: hostile }])
      expect(description).toBe(hostile)
      expect(Buffer.from(String(plaintext), 'base64').toString()).toBe(hostile)
    } finally {
      await server.close()
    }
  }, 60_000)
})
