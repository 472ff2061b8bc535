/**
 * The AWS CLI script of replayed steps, as the conformance tests check it: each step's line from
 * the request it sent, in the Region it was sent to, answered as it was answered.
 */
import { awsCliScript, type CliScriptOptions, type StepRecord } from 'kms-key-import/conformance'

/** A step's answer as a script line notes it: `ok`, the exception's name, or `-` for a Wait. */
export const answer = (r: StepRecord): string => (r.step.op === 'Wait' ? '-' : r.actual.outcome?.error?.type ?? 'ok')

/** The script of `records` (every step's actual request, expected and actual answer alike). */
export const cliScriptOf = (records: readonly StepRecord[], options: CliScriptOptions): string =>
  awsCliScript(records.map((r) => ({
    step: r.step, line: '', request: r.actual.request, prologue: false, ...(r.actual.region === undefined ? {} : { region: r.actual.region }), expected: answer(r), actual: answer(r),
  })), options)
