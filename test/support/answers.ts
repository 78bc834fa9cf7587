/**
 * Answers as a candidate would, from what the browser shows (the candidate view), choosing by
 * text. `knowing` decides per item whether the candidate knows the key (reads it from the bank
 * content, which only tests may do) or answers wrongly.
 */
type Element = { id: string; text: string };

function idsFor(texts: readonly string[], elements: readonly Element[]): string[] {
  const left = [...elements];
  return texts.map((text) => {
    const i = left.findIndex((e) => e.text === text);
    return i < 0 ? '' : left.splice(i, 1)[0]!.id;
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export function correctResponse(type: string, content: Any, view: Any): unknown {
  switch (type) {
    case 'dropdown-gap':
      return { blanks: content.blanks.map((b: Any) => b.answer) };
    case 'typed-gap':
      return { blanks: content.blanks.map((b: Any) => b.answers[0]) };
    case 'mixed-text':
      return { order: idsFor(content.sentences.slice(1), view.sentences) };
    case 'word-order':
      return { order: idsFor(content.words.slice(1), view.words) };
    case 'word-bank':
      return { blanks: idsFor(content.answers, view.words) };
    case 'multiple-choice':
      return { choice: content.answer };
    case 'listening':
      return content.task.kind === 'multiple-choice' ? { choice: content.task.answer } : { blanks: content.task.blanks.map((b: Any) => b.answers[0]) };
    default:
      throw new Error(`no answering rule for ${type}`);
  }
}

/** A wrong but well-formed answer: the first option that is not the key, words in view order. */
export function wrongResponse(type: string, content: Any, view: Any): unknown {
  switch (type) {
    case 'dropdown-gap':
      return { blanks: content.blanks.map((b: Any) => b.options.find((o: string) => o !== b.answer)) };
    case 'typed-gap':
      return { blanks: content.blanks.map(() => 'zzz') };
    case 'mixed-text':
      return { order: view.sentences.map(() => null) };
    case 'word-order':
      return { order: view.words.map(() => null) };
    case 'word-bank':
      return { blanks: content.answers.map(() => null) };
    case 'multiple-choice':
      return { choice: content.options.find((o: string) => o !== content.answer) };
    case 'listening':
      return content.task.kind === 'multiple-choice' ? { choice: content.task.options.find((o: string) => o !== content.task.answer) } : { blanks: content.task.blanks.map(() => 'zzz') };
    default:
      throw new Error(`no answering rule for ${type}`);
  }
}
