export { PlatformEmulator, EmulatorError } from './platform.js';
export type { EmulatorOptions, EmulatorTool, EmulatorUser, EmulatorContext, EmulatorLineItem, EmulatorScore, LaunchRequest } from './platform.js';
export { createEmulatorRouter } from './router.js';
