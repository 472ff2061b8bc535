/**
 * The report files as their consumers read them, from real runs: a passing run, a divergent one, one
 * whose endpoint does not serve an operation, one whose endpoint answers hostile text (`]]>`, `<`,
 * `&`, NUL, lone surrogates, newlines, `|`, backticks, very long strings), and a run interrupted
 * at once (from the CLI). JUnit XML is checked by libxml2's `xmllint` — as strict about XML 1.0 as
 * the Java parsers CI servers use — against test/conformance/junit.xsd (the common JUnit format),
 * and its counts are added up; the JSON file is parsed, decoded by an io-ts codec of what
 * docs/conformance.md promises, and its scripts replayed; the Markdown tables keep their columns,
 * and its AWS CLI scripts are valid bash in which what the endpoint answered stays in comments.
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
import { LIFECYCLE_OPERATIONS, inProcessTarget, renderJUnit, renderJson, renderMarkdown, replaySteps, runConformance, type ConformanceReport, type Target, type Timeline } from 'kms-key-import/conformance'
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

const runs: readonly { readonly name: string; readonly profile: Profile; readonly target: (timeline: Timeline) => Target; readonly divergent: boolean }[] = [
  { name: 'a passing run', profile: classicProfile, target: (timeline) => inProcessTarget(createEmulator({ profile: classicProfile, clock: timeline.clock, crypto: createDeterministicProvider({ seed: 2 }) })), divergent: false },
  { name: 'a run with divergences (Encrypt allowed on a Disabled key)', profile: stateTable.profile, target: stateTable.target, divergent: true },
  { name: 'a run where DisableKey is not served', profile: classicProfile, target: answersDisableKey(JSON.stringify({ __type: 'UnknownOperationException' })), divergent: true },
  { name: 'a run against an endpoint answering hostile text', profile: classicProfile, target: answersDisableKey(JSON.stringify({ __type: HOSTILE_TYPE, message: HOSTILE_MESSAGE })), divergent: true },
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

describe('the report files, as their consumers read them', () => {
  for (const { name, profile, target, divergent } of runs) {
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
        const blocks = checkMarkdown(renderMarkdown(report, { endpoint: 'http://127.0.0.1:4599' }))
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
})
