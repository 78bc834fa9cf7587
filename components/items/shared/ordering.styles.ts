import { css } from 'lit';

/** Layout of the two ordering types: sentences in two columns (given text on the right), words on lines. */
export const orderingStyles = css`
  ol,
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .done {
    color: #4a4a4a;
    font-style: italic;
  }
  .slot.empty {
    border: 2px dashed #8a97a8;
    border-radius: 6px;
    background: #fff;
  }
  .slot.empty:hover {
    border-color: var(--item-accent);
    background: #f6f8fb;
  }
  .slot.empty[aria-pressed='true'] {
    border-color: var(--item-accent);
    border-style: solid;
    background: var(--item-highlight);
  }

  /* Sentences: what is left to place on the left, the text being rebuilt on the right. */
  .sentence .board {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 1.5rem;
    align-items: start;
  }
  @media (max-width: 48rem) {
    .sentence .board {
      grid-template-columns: 1fr;
    }
  }
  .sentence .chip {
    display: block;
    width: 100%;
    margin: 0 0 0.5rem;
    padding: 0.6rem 0.8rem;
  }
  .sentence .slot.empty {
    display: block;
    width: 100%;
    min-height: 2.8rem;
    margin: 0 0 0.5rem;
    color: #5a6472;
    text-align: left;
    padding: 0.6rem 0.8rem;
  }
  .sentence .given {
    padding: 0.6rem 0.8rem;
    margin: 0 0 0.5rem;
    border-radius: 6px;
    background: #f1f1f1;
    border: 1px solid #d8d8d8;
  }
  .sentence .tag {
    display: inline-block;
    margin-left: 0.5rem;
    font-size: 0.8rem;
    padding: 0 0.4rem;
    border-radius: 4px;
    background: #5a6472;
    color: #fff;
  }
  .sentence .n {
    display: inline-block;
    min-width: 1.4rem;
    font-weight: 600;
    margin-right: 0.3rem;
  }

  /* Words: the sentence on one wrapping line of slots, the words to place below. */
  .word .slots,
  .word [data-group='pool'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
  }
  .word .slots {
    min-height: 3rem;
    padding: 0.5rem;
    border-bottom: 2px solid var(--item-border);
    margin-bottom: 0.5rem;
  }
  .word .chip {
    margin: 0;
  }
  .word .given {
    font-size: 1.05rem;
    font-weight: 600;
    padding: 0.35rem 0.5rem;
  }
  .word .slot.empty {
    min-width: 3.5rem;
    height: 2.3rem;
  }
`;
