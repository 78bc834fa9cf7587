/**
 * The installed item types (server side): configuration. The server, the bank loader and `npm run bank:check`
 * know exactly the types registered here. To install a third-party item type, import it here and register it
 * with one call, and install its renderer in the browser bundle (components/items/installed.ts); nothing
 * else changes (docs/plugins.md).
 */
import { builtinItemTypes } from './builtin.js';
import { registerItemType } from './registry.js';

for (const plugin of builtinItemTypes) registerItemType(plugin);

// Third-party item types, one call each, e.g.:
// import { trueFalseNotGiven } from '../examples/true-false-not-given/index.js';
// registerItemType(trueFalseNotGiven);
