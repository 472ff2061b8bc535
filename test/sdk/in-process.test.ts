/** The SDK suite with a custom `requestHandler` calling `emulator.handle` directly (no socket). */
import { inProcess } from './harness.js'
import { sdkSuite } from './suite.js'

sdkSuite(inProcess)
