// The custom-elements manifest (custom-elements.json) is generated from the components' JSDoc by
// `npm run manifest` (part of `npm run build`) into dist/public, so the server serves it at
// /assets/custom-elements.json next to the bundle it describes. Run from the repository root.
export default {
  globs: ['components/**/*.ts'],
  exclude: ['components/**/*.styles.ts', 'components/**/*.d.ts'],
  outdir: 'dist/public',
  litelement: true,
  // package.json names the manifest once, by hand; the analyzer must not rewrite it.
  packagejson: false,
};
