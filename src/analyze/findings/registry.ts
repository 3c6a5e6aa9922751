import { aptLists } from './apt-lists';
import { buildToolchain } from './build-toolchain';
import { noHealthcheck } from './no-healthcheck';
import { noInit } from './no-init';
import { pythonUnbuffered } from './python-unbuffered';
import { rootUser } from './root-user';
import { secretFile } from './secret-file';
import { setuidFiles } from './setuid-files';
import type { Rule } from './types';
import { untaggedBase } from './untagged-base';

/** Every rule, in the order their findings are listed when severity and bytes tie. One file per rule. */
export const RULES: readonly Rule[] = [
  // waste
  aptLists,
  buildToolchain,
  // security
  secretFile,
  rootUser,
  setuidFiles,
  // practice
  noHealthcheck,
  noInit,
  untaggedBase,
  pythonUnbuffered,
];

export function docsPath(id: string): string {
  return `docs/rules/${id}.md`;
}
