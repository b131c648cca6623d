// Preload (node --import) that makes the engine throw for documents whose URI contains
// $PRIVACY_LINT_CRASH_ON, to check that the CLI and the server survive an engine failure on one file.
// It patches the one Linter class the CLI, the workers and the server load (same module URL).
const needle = process.env.PRIVACY_LINT_CRASH_ON;
if (needle) {
  const { Linter } = (await import(new URL('../../../server/src/engine/linter.js', import.meta.url).href)) as typeof import('../../../server/src/engine/linter.js');
  const lint = Linter.prototype.lint;
  Linter.prototype.lint = function (this: InstanceType<typeof Linter>, ...args: Parameters<typeof lint>) {
    if (args[0].uri.includes(needle)) throw new Error('simulated engine failure');
    return lint.apply(this, args);
  };
}
