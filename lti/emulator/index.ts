export { PlatformEmulator, EmulatorError } from './platform.js';
export type { EmulatorTool, EmulatorUser, EmulatorContext, EmulatorLineItem, EmulatorScore, EmulatorOptions, LaunchRequest, ScoreOrder } from './platform.js';
export { createEmulatorRouter } from './router.js';
