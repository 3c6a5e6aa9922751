import { apkCache } from './apk-cache';
import { aptCache } from './apt-cache';
import { aptLists } from './apt-lists';
import { buildToolchain } from './build-toolchain';
import { dockerignore } from './dockerignore';
import { duplicateFiles } from './duplicate-files';
import { gemCache } from './gem-cache';
import { goCache } from './go-cache';
import { hiddenFiles } from './hidden-files';
import { noHealthcheck } from './no-healthcheck';
import { noInit } from './no-init';
import { npmCache } from './npm-cache';
import { pipCache } from './pip-cache';
import { pythonUnbuffered } from './python-unbuffered';
import { rootUser } from './root-user';
import { secretFile } from './secret-file';
import { setuidFiles } from './setuid-files';
import type { Rule } from './types';
import { untaggedBase } from './untagged-base';
import { yarnCache } from './yarn-cache';

/** Every rule, in the order their findings are listed when severity and bytes tie. One file per rule. */
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
