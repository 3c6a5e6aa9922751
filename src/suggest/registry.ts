import { addUrl } from './add-url';
import { apkNoCache } from './apk-no-cache';
import { aptCleanup } from './apt-cleanup';
import { baseImage } from './base-image';
import { cleanupSameLayer } from './cleanup-same-layer';
import { copyOrder } from './copy-order';
import { dockerignoreSuggester } from './dockerignore';
import { healthcheck } from './healthcheck';
import { init } from './init';
import { multiStage } from './multi-stage';
import { noInstallRecommends } from './no-install-recommends';
import { npmOmitDev } from './npm-omit-dev';
import { pinBase } from './pin-base';
import { pipNoCache } from './pip-no-cache';
import type { Suggester } from './types';
import { user } from './user';

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
