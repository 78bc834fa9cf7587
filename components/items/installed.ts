// The installed item renderers (browser side): configuration, built into the bundle. Each import registers
// one item type's renderer (registerItemRenderer, ./registry.ts). To install a third-party item type, add
// the import of its renderer module here and register its plugin on the server side
// (plugin/item-types/installed.ts); nothing else changes (docs/plugins.md).
import './dropdown-gap/dropdown-gap.js';
import './typed-gap/typed-gap.js';
import './mixed-text/mixed-text.js';
import './word-order/word-order.js';
import './word-bank/word-bank.js';
import './multiple-choice/multiple-choice.js';
import './listening/listening.js';

// Third-party item renderers, one import each, e.g.:
// import '../../plugin/examples/true-false-not-given/renderer.js';
