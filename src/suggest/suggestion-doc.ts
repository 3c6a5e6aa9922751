import type { SuggesterMeta } from './types';

/** Where a suggestion's doc page lies in this repository. */
export function suggestionDocsPath(id: string): string {
  return `docs/suggestions/${id}.md`;
}

/**
 * The doc page of a suggestion, made from its meta so that the two cannot drift; the tests of each suggester
 * check the page against it.
 */
export function suggestionDoc(meta: SuggesterMeta): string {
  return [`# ${meta.id}: ${meta.title}`, '', meta.description, ''].join('\n');
}
