/**
 * `kms-key-import/conformance`: hold any KMS endpoint up against the reference model.
 *
 * - {@link Target}s: {@link inProcessTarget} (an emulator) and {@link httpTarget} (any AWS JSON 1.1
 *   KMS endpoint, SigV4-signed).
 * - Steps and their fast-check arbitraries ({@link stepArbitraries}), sessions that turn steps into
 *   each side's own requests ({@link createSession}), and the model-based commands
 *   ({@link conformanceCommands}) to embed in a fast-check suite of your own.
 * - Differential runs ({@link runConformance}): a scorecard, and each distinct divergence shrunk
 *   to a minimal replayable script ({@link replaySteps}), rendered as Markdown, JSON, JUnit XML
 *   and AWS CLI commands.
 *
 * @module
 */
export { inProcessTarget, httpTarget, isThrottled, DUMMY_CREDENTIALS, MAX_ANSWER_BYTES, type Target, type TargetRequest, type TargetResponse, type HttpTargetOptions } from './conformance/target.js'
export { manualTimeline, realTimeline, type ManualTimeline, type Timeline } from './conformance/timeline.js'
export { ALIAS_NAMES, AROUND_KEY_OPERATIONS, MULTI_REGION_OPERATIONS, multiRegionRun, DATA_KEY_SIZES, DESCRIPTIONS, MALFORMED_POLICIES, POLICY_NAMES, RANDOM_SIZES, ROTATION_PERIODS, TAG_KEYS, TAG_VALUES, LIFECYCLE_OPERATIONS, MATERIAL_NAMES, MESSAGES, OTHER_KEY_SPECS, STEP_MAC_ALGORITHMS, STEP_SIGNING_ALGORITHMS, describeStep, materialBytes, materialFor, otherKeySpecs, otherWrappingAlgorithm, stepArbitraries, type DataKeySize, type MaterialName, type RunKeySpec, type KeyOnlyOperation, type Step, type StepOperation, type StepArbitraryOptions, type WrappingChoice } from './conformance/steps.js'
export { DATE_MEMBERS, compareObservation, expectationOf, type Difference, type Exchange, type Expectation, type Observation, type StepOutcome, type StepError, type ExpectedError } from './conformance/observation.js'
export { createSession, type Oracle, type Session, type SessionOptions, type StepContext } from './conformance/session.js'
export { DivergenceError, StepCommand, conformanceCommands, stepApplies, type StepRecord, type Subject } from './conformance/commands.js'
export {
  RULE_AREAS, defaultReplicaRegion, replaySteps, ruleArea, runConformance,
  type CleanupReport, type ConformanceOptions, type ConformanceReport, type LeftResource, type DivergenceReport, type ProgressEvent, type ShrinkEvent, type RuleArea, type Scorecard, type ScoreRow, type ScriptLine,
} from './conformance/run.js'
export { awsCliScript, notServed, renderJUnit, renderJson, renderMarkdown, type CliScriptOptions, type MarkdownOptions } from './conformance/report.js'
