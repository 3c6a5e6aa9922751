import { aptLists } from './apt-lists';
import { noHealthcheck } from './no-healthcheck';
import { rootUser } from './root-user';
import type { Rule } from './types';

/** Every rule, in the order their findings are listed when severity and bytes tie. One file per rule. */
export const RULES: readonly Rule[] = [aptLists, rootUser, noHealthcheck];

export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}
