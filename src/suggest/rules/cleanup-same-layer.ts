import type { HiddenFile } from '../../model';
import { between, bytes, describeLayer, files, groupBy, inBase, runFor, textOf } from '../common';
import { appendRm, dropFromLater, laterDeletion, RmOperand, uses } from '../deletions';
import type { Edit } from '../../dockerfile/edit';
import type { Proposal, Suggester, SuggestContext } from '../types';
import { compareText } from '../../util/compare';

/** Cache findings another suggester of this set counts (with its own fix); their bytes are not counted here again. */
export const CACHE_FINDINGS = ['apt-lists', 'apt-cache', 'apk-cache', 'pip-cache', 'npm-cache', 'yarn-cache'];

/** At most this many `rm` operands are written when the later RUN's own cannot be read. */
const MAX_GUESSED = 8;

export const cleanupSameLayer: Suggester = {
  meta: {
    id: 'cleanup-same-layer',
    title: 'Delete files in the RUN that creates them',
    description:
      'A file that one RUN creates and a later RUN deletes is still stored, and pulled, with the first RUN\'s layer: ' +
      'a layer is never rewritten, the deletion only hides it. For each pair of RUN layers (the one that added the ' +
      'files, the one that deleted them — by whiteout or opaque directory), the savings are the bytes of the ' +
      'hidden versions of that pair, measured in the image, less the bytes of package-manager caches among them, ' +
      'which apt-cleanup, apk-no-cache, pip-no-cache and npm-omit-dev count with their own fix. With --dockerfile, ' +
      'the later RUN\'s `rm` of those paths is appended (`&& rm -rf …`) to the earlier RUN; it is taken out of the ' +
      'later RUN when that RUN runs nothing but rm (which then goes when nothing is left), and the later RUN is ' +
      'left as it is otherwise, since its rm may delete files of its own. When the later RUN\'s deletion cannot be read ' +
      '(another tool, a variable, the exec form), only the append is proposed, with paths made from the hidden ' +
      'files that hold nothing still visible, and the later RUN is left as it is; when a RUN in between uses the ' +
      'paths, the RUNs have to be merged by hand and no edit is written.',
  },
  suggest(ctx) {
    const layers = ctx.analysis.layers;
    const isRun = (i: number): boolean => layers[i]?.instructionKind === 'RUN';
    const deleted = ctx.filesystem.hidden.filter(
      (h) => (h.reason === 'deleted' || h.reason === 'opaque') && h.bytes > 0 && isRun(h.addedByLayer) && isRun(h.hiddenByLayer) && !inBase(ctx, h.addedByLayer),
    );
    const claimed = new Map<string, number>();
    for (const f of ctx.analysis.findings) {
      if (!CACHE_FINDINGS.includes(f.id) || f.layer === null || f.hiddenBy === null) continue;
      const key = `${f.layer}:${f.hiddenBy}`;
      claimed.set(key, (claimed.get(key) ?? 0) + f.bytes);
    }
    const out: Proposal[] = [];
    for (const [key, recs] of groupBy(deleted, (h) => `${h.addedByLayer}:${h.hiddenByLayer}`)) {
      const { addedByLayer: a, hiddenByLayer: h } = recs[0];
      const total = recs.reduce((n, r) => n + r.bytes, 0);
      const cached = Math.min(total, claimed.get(key) ?? 0);
      const saved = total - cached;
      if (saved <= 0) continue;
      const largest = [...recs].sort((x, y) => y.bytes - x.bytes || compareText(x.path, y.path)).slice(0, 3);
      const edit = ctx.dockerfile ? editsFor(ctx, a, h, recs) : null;
      const rationale =
        `${files(recs.length)}, ${bytes(total)}, added by ${describeLayer(ctx, a)} and deleted by ${describeLayer(ctx, h)} still ship in ` +
        `layer ${a}: a deletion saves bytes only in the RUN that created the files. Largest: ${largest.map((r) => `/${r.path} (${bytes(r.bytes)})`).join(', ')}.` +
        (cached > 0 ? ` ${bytes(cached)} of it are package-manager caches, counted by their own suggestion.` : '') +
        (edit?.note ? ` ${edit.note}` : '');
      out.push({
        bytes: saved,
        confidence: edit?.confidence ?? 'high',
        rationale,
        // hidden-files, and the rules (go-cache, gem-cache…) that explain the rest of the pair's bytes.
        findings: [...new Set(ctx.analysis.findings.filter((f) => f.layer === a && f.hiddenBy === h && !CACHE_FINDINGS.includes(f.id)).map((f) => f.id))],
        layer: a,
        edits: edit?.edits ?? [],
      });
    }
    return out;
  },
};

interface PairEdit {
  edits: Edit[];
  confidence: Proposal['confidence'];
  note: string;
}

function editsFor(ctx: SuggestContext, a: number, h: number, recs: HiddenFile[]): PairEdit | null {
  const d = ctx.dockerfile!;
  const earlier = runFor(ctx, a);
  const later = runFor(ctx, h);
  if (!earlier || !later) return { edits: [], confidence: 'high', note: 'The two layers are not matched to RUN lines of the Dockerfile, so no edit is written.' };
  const inBetween = between(d, earlier, later).filter((i) => i.kind === 'RUN');
  const del = laterDeletion(ctx, h);
  const fromA = (r: HiddenFile): boolean => r.addedByLayer === a;
  const used = (o: RmOperand): boolean => inBetween.some((i) => uses(textOf(d, i), o.prefix));
  const movable = (del?.operands ?? []).filter((o) => o.matched.length > 0 && o.matched.every(fromA));
  const blocked = movable.filter(used);
  if (blocked.length > 0) {
    return {
      edits: [],
      confidence: 'medium',
      note: `A RUN between them uses ${blocked.map((o) => o.word).join(' ')}: merge the RUNs from Dockerfile line ${earlier.startLine + 1} to line ${later.startLine + 1} into one that ends with the deletion.`,
    };
  }
  if (del && movable.length > 0) {
    const words = movable.map((o) => (o.word.startsWith('/') ? o.word : o.absolute));
    const drop = dropFromLater(del, fromA);
    const covered = new Set(movable.flatMap((o) => o.matched));
    const all = recs.every((r) => covered.has(r));
    return {
      edits: [{ op: 'rewrite', at: earlier, apply: (t) => appendRm(t, words) }, ...drop.edits],
      confidence: all ? 'high' : 'medium',
      note: all ? '' : 'Some of the deleted files are not matched by the later RUN\'s rm operands; check the rest by hand.',
    };
  }
  // The later RUN's deletion could not be read (another tool, a variable, exec form): append paths made from the files.
  const guessed = guessOperands(ctx, recs);
  if (guessed.length === 0 || guessed.length > MAX_GUESSED) {
    return { edits: [], confidence: 'medium', note: 'The later RUN\'s deletion could not be read and the files do not share a few directories: delete them in the earlier RUN by hand.' };
  }
  return {
    edits: [{ op: 'rewrite', at: earlier, apply: (t) => appendRm(t, guessed) }],
    confidence: 'medium',
    note: `The later RUN's own deletion could not be read, so it is left as it is; the paths appended are made from the hidden files (${guessed.join(' ')}).`,
  };
}

/**
 * Directories (or files) to `rm -rf` that hold the hidden files and nothing still visible: for each file, its
 * highest ancestor two or more levels deep with no visible file under it, else the file itself.
 */
function guessOperands(ctx: SuggestContext, recs: HiddenFile[]): string[] {
  const visibleDirs = new Set<string>();
  const model = ctx.filesystem;
  for (const f of model.files) {
    const path = model.path(f);
    for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) visibleDirs.add(path.slice(0, at));
    visibleDirs.add(path);
  }
  const roots = new Set<string>();
  for (const r of recs) {
    const parts = r.path.split('/');
    let root = r.path;
    for (let depth = 2; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      if (!visibleDirs.has(dir)) {
        root = dir;
        break;
      }
    }
    roots.add(root);
  }
  const sorted = [...roots].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(`${q}/`))).map((p) => `/${p}`);
}
