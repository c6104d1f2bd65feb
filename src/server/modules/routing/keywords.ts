import { preciseWords } from '../conversations/index.ts';

/** The words of a message in order (jieba, precise mode), lower-cased, punctuation dropped. */
export function segmentWords(text: string): string[] {
  return preciseWords(text.slice(0, 2000));
}
