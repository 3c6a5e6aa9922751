import { apkCache } from './rules/apk-cache';
import { aptCache } from './rules/apt-cache';
import { aptLists } from './rules/apt-lists';
import { buildToolchain } from './rules/build-toolchain';
import { dockerignore } from './rules/dockerignore';
import { duplicateFiles } from './rules/duplicate-files';
import { gemCache } from './rules/gem-cache';
import { goCache } from './rules/go-cache';
import { hiddenFiles } from './rules/hidden-files';
import { noHealthcheck } from './rules/no-healthcheck';
import { noInit } from './rules/no-init';
import { npmCache } from './rules/npm-cache';
import { pipCache } from './rules/pip-cache';
import { pythonUnbuffered } from './rules/python-unbuffered';
import { rootUser } from './rules/root-user';
import { secretFile } from './rules/secret-file';
import { setuidFiles } from './rules/setuid-files';
import type { Rule } from './types';
import { untaggedBase } from './rules/untagged-base';
import { yarnCache } from './rules/yarn-cache';

/**
 * Every rule, in the order their findings are listed when severity and bytes tie. One file per rule. Rules are
 * independent: one that reads others' claims declares `readsClaims` and runs last (runRules).
 */
export const RULES: readonly Rule[] = [
  // waste: caches and junk that are still visible or shipped in a hidden layer
  aptLists,
  aptCache,
  apkCache,
  pipCache,
  npmCache,
  yarnCache,
  goCache,
  gemCache,
  dockerignore,
  buildToolchain,
  hiddenFiles,
  duplicateFiles,
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
