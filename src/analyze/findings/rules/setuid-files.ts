import type { FindingPath } from '../../../model';
import type { Rule, RuleHit } from '../types';
import { compareText } from '../../../util/compare';

const SETUID = 0o4000;
const SETGID = 0o2000;

/**
 * Visible regular files with setuid or setgid bits, one hit per layer that put them there. An image does not
 * record where its base ends, so "the base" is taken to be the first layer with files — the root filesystem a
 * base image starts from — and everything after it counts as added (a multi-layer base's later layers too).
 */
export const setuidFiles: Rule = {
  meta: {
    id: 'setuid-files',
    category: 'security',
    severity: 'low',
    title: 'setuid or setgid files',
    description:
      'A file with the setuid (04000) or setgid (02000) bit runs with its owner\'s or group\'s privileges, whoever ' +
      'starts it: a setuid-root binary is how a process that gained code execution as an unprivileged user ' +
      'becomes root. The rule lists the visible regular files with either bit. An image does not record where its ' +
      'base ends, so the files of the first layer — the root filesystem a base image starts from, which usually ' +
      'carries a few (su, passwd, mount) — are low, and files that any later layer added or re-moded are medium ' +
      '(for a base made of several layers, its later layers count as added). The rule reclaims no bytes.',
    fix: 'Clear the bits you do not need in the RUN that installs packages: `find / -xdev -perm /6000 -type f -exec chmod a-s {} +`.',
  },
  check(ctx) {
    const firstLayer = ctx.layers.find((l) => !l.emptyLayer)?.index ?? null;
    const byLayer = new Map<number, { paths: FindingPath[]; setuid: number; setuidRoot: number; setgid: number }>();
    const fs = ctx.filesystem;
    for (const f of fs.files) {
      // Regular files and hard links to them; a hard link's bits are its body's.
      const inode = fs.inode(f);
      if (!inode) continue;
      const mode = fs.mode(inode);
      if ((mode & (SETUID | SETGID)) === 0) continue;
      const layer = fs.layer(f);
      let group = byLayer.get(layer);
      if (!group) byLayer.set(layer, (group = { paths: [], setuid: 0, setuidRoot: 0, setgid: 0 }));
      group.paths.push({ path: fs.path(f), bytes: fs.size(inode) });
      if (mode & SETUID) {
        group.setuid++;
        if (fs.uid(inode) === 0) group.setuidRoot++;
      }
      if (mode & SETGID) group.setgid++;
    }
    const hits: RuleHit[] = [];
    for (const [layer, g] of [...byLayer].sort((a, b) => a[0] - b[0])) {
      const base = layer === firstLayer;
      const n = g.paths.length;
      const bits = [g.setuid > 0 ? `${g.setuid} setuid${g.setuidRoot > 0 ? ` (${g.setuidRoot} owned by root)` : ''}` : '', g.setgid > 0 ? `${g.setgid} setgid` : '']
        .filter(Boolean)
        .join(', ');
      const where = base ? `the first layer (${layer}), the base root filesystem` : `layer ${layer}`;
      hits.push({
        message: `${n} setuid/setgid file${n === 1 ? '' : 's'} from ${where}: ${bits}`,
        bytes: 0,
        paths: g.paths.sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path)),
        layer,
        hiddenBy: null,
        severity: base ? 'low' : 'medium',
      });
    }
    return hits;
  },
};
