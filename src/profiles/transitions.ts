/**
 * How operations and time move a key between states, as data. The state diagram of the guide and
 * the rules reference are generated from it, and a test drives each transition through the
 * emulator, so the data cannot drift from the behaviour.
 *
 * @module
 */
import type { KeyState } from '../model/enums.js'

/** What causes a transition. @since 0.1.0 */
export type TransitionCause =
  | 'CreateKey' | 'EnableKey' | 'DisableKey' | 'ScheduleKeyDeletion' | 'CancelKeyDeletion'
  | 'ImportKeyMaterial' | 'DeleteImportedKeyMaterial' | 'ValidTo passes' | 'DeletionDate passes'

/** One transition. `from` undefined: the key is created; `to` undefined: the key is gone. @since 0.1.0 */
export interface Transition {
  readonly cause: TransitionCause
  readonly from: KeyState | undefined
  readonly to: KeyState | undefined
  /** A condition, when the cause alone does not decide. */
  readonly when?: string
}

/** Every transition among the four states this library models (docs/evidence.md §2, §4, §9). @since 0.1.0 */
export const stateTransitions: readonly Transition[] = [
  { cause: 'CreateKey', from: undefined, to: 'PendingImport', when: 'Origin EXTERNAL' },
  { cause: 'CreateKey', from: undefined, to: 'Enabled', when: 'Origin AWS_KMS' },
  { cause: 'ImportKeyMaterial', from: 'PendingImport', to: 'Enabled' },
  { cause: 'EnableKey', from: 'Disabled', to: 'Enabled' },
  { cause: 'DisableKey', from: 'Enabled', to: 'Disabled' },
  { cause: 'DeleteImportedKeyMaterial', from: 'Enabled', to: 'PendingImport' },
  { cause: 'DeleteImportedKeyMaterial', from: 'Disabled', to: 'PendingImport' },
  { cause: 'ValidTo passes', from: 'Enabled', to: 'PendingImport' },
  { cause: 'ValidTo passes', from: 'Disabled', to: 'PendingImport' },
  { cause: 'ScheduleKeyDeletion', from: 'Enabled', to: 'PendingDeletion' },
  { cause: 'ScheduleKeyDeletion', from: 'Disabled', to: 'PendingDeletion' },
  { cause: 'ScheduleKeyDeletion', from: 'PendingImport', to: 'PendingDeletion' },
  { cause: 'CancelKeyDeletion', from: 'PendingDeletion', to: 'Disabled', when: 'the key has its material' },
  { cause: 'CancelKeyDeletion', from: 'PendingDeletion', to: 'PendingImport', when: 'an EXTERNAL key without material' },
  { cause: 'DeletionDate passes', from: 'PendingDeletion', to: undefined },
]
