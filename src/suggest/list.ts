import { addUrl } from './rules/add-url';
import { apkNoCache } from './rules/apk-no-cache';
import { aptCleanup } from './rules/apt-cleanup';
import { baseImage } from './rules/base-image';
import { cleanupSameLayer } from './rules/cleanup-same-layer';
import { copyOrder } from './rules/copy-order';
import { dockerignoreSuggester } from './rules/dockerignore';
import { healthcheck } from './rules/healthcheck';
import { init } from './rules/init';
import { multiStage } from './rules/multi-stage';
import { noInstallRecommends } from './rules/no-install-recommends';
import { npmOmitDev } from './rules/npm-omit-dev';
import { pinBase } from './rules/pin-base';
import { pipNoCache } from './rules/pip-no-cache';
import type { Suggester } from './types';
import { user } from './rules/user';

/** Every suggester. One file per suggestion id. */
export const SUGGESTERS: readonly Suggester[] = [
  cleanupSameLayer,
  aptCleanup,
  noInstallRecommends,
  pipNoCache,
  npmOmitDev,
  apkNoCache,
  dockerignoreSuggester,
  copyOrder,
  addUrl,
  pinBase,
  // user and healthcheck before init: their lines and init's ENTRYPOINT all go before CMD, in this order.
  user,
  healthcheck,
  init,
  baseImage,
  multiStage,
];
