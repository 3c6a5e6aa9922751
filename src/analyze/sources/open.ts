import type { Reference } from '../reference';
import { ArchiveFileSource } from './archive-file';
import { EngineClient, EngineSource } from './engine';
import { OciLayoutSource } from './oci-layout';
import type { NetSettings } from './registry/net';
import { RegistrySource } from './registry/source';
import type { ImageSource, Platform } from './types';

export interface OpenOptions {
  platform?: Platform;
  engine?: EngineClient;
  /** Registry credentials as `USER:PASSWORD` (--creds). */
  creds?: string;
  /** Allow plain http to a registry that is not on loopback. */
  insecure?: boolean;
  /** Registry time limits (--timeout) over the defaults and the environment's. */
  registry?: Partial<NetSettings>;
  /** Hash every local layer blob against its digest, also those read only in part (--verify). */
  verify?: boolean;
}

export function openSource(ref: Reference, options: OpenOptions = {}): ImageSource {
  switch (ref.transport) {
    case 'docker-daemon':
      return new EngineSource(ref.name, options.engine);
    case 'docker-archive':
    case 'oci-archive':
      return new ArchiveFileSource(ref.path, ref.transport, ref.selector, options.platform, options.verify);
    case 'oci':
      return new OciLayoutSource(ref.path, ref.selector, options.platform, options.verify);
    case 'docker':
      return new RegistrySource(ref.name, { platform: options.platform, creds: options.creds, insecure: options.insecure, net: options.registry });
  }
}
