export { PlatformEmulator, EmulatorError } from './platform.js';
export type { EmulatorTool, EmulatorUser, EmulatorContext, EmulatorLineItem, EmulatorScore, LaunchRequest } from './platform.js';
export { createEmulatorRouter } from './router.js';
