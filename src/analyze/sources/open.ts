import { UsageError } from '../../errors';
import type { Reference } from '../reference';
import { ArchiveFileSource } from './archive-file';
import { EngineClient, EngineSource } from './engine';
import { OciLayoutSource } from './oci-layout';
import type { ImageSource, Platform } from './types';

export interface OpenOptions {
  platform?: Platform;
  engine?: EngineClient;
}

export function openSource(ref: Reference, options: OpenOptions = {}): ImageSource {
  switch (ref.transport) {
    case 'docker-daemon':
      return new EngineSource(ref.name, options.engine);
    case 'docker-archive':
    case 'oci-archive':
      return new ArchiveFileSource(ref.path, ref.transport, ref.selector, options.platform);
    case 'oci':
      return new OciLayoutSource(ref.path, ref.selector, options.platform);
    case 'docker':
      throw new UsageError(`registry references (docker://) are not supported yet; docker pull the image and analyze NAME:TAG, or save it with docker save`);
  }
}
