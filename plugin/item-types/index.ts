// The item types' public surface: the contract, and the registry with the installed item types in it.
import './installed.js';

export * from './contract.js';
export { itemTypePlugin, itemTypePlugins, registerItemType, ITEM_TYPE_ID, type AnyItemTypePlugin } from './registry.js';
export type { ItemTypeSample, ItemTypeSamples } from './samples.js';
