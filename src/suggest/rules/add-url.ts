import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { FilesystemModel, Inode } from '../../analyze/filesystem/model';
import { between, bytes, describeLayer, hasFile, layerOfInstruction, runFor, textOf } from '../common';
import type { Edit } from '../../dockerfile/edit';
import { Dockerfile, finalStage, Instruction } from '../../dockerfile/parse';
import { copyArguments } from '../../dockerfile/arguments';
import { commandText, prependBefore, runScript } from '../run-text';
import type { Proposal, Suggester, SuggestContext } from '../types';

const URL_RE = /^https?:\/\//i;
const CHUNK = 1024 * 1024;

export const addUrl: Suggester = {
  meta: {
    id: 'add-url',
    title: 'Download with a verified RUN, or pin ADD with --checksum',
    description:
      '`ADD https://…` downloads whatever the server returns on the day of the build, unverified, into a layer ' +
      'of its own; when a later RUN unpacks or deletes the file, the download still ships in that layer. Needs ' +
      '--dockerfile. When the downloaded file is hidden by a later RUN, the savings are its bytes, measured in ' +
      'the ADD layer, and the edit removes the ADD and starts that RUN with `curl -fsSL -o FILE URL` (or wget), ' +
      'the check of the sha256 the image shows for the file, so the download, its use and its deletion share one ' +
      'layer. Otherwise nothing shrinks (0 bytes) and the ADD gets `--checksum=sha256:…` with the digest of the ' +
      'file in the image (BuildKit, Dockerfile syntax 1.6 or later), so a changed download fails the build.',
  },
  suggest(ctx) {
    const d = ctx.dockerfile;
    if (!d) return [];
    const out: Proposal[] = [];
    const final = finalStage(d);
    for (const stage of d.stages) {
      for (const ins of stage.body.filter((i) => i.kind === 'ADD' && !('checksum' in i.flags))) {
        const { sources, dest } = copyArguments(ins);
        const urls = sources.filter((w) => URL_RE.test(w));
        if (urls.length !== 1 || sources.length !== 1) {
          if (urls.length > 0) out.push(noEdit(ins, urls, 'several sources: download each in a RUN and check its sha256.'));
          continue;
        }
        const layer = stage === final ? layerOfInstruction(ctx, ins) : null;
        const model = ctx.filesystem;
        const file = layer === null ? undefined : model.inodes.find((i) => model.layer(i) === layer);
        if (!file) {
          out.push(noEdit(ins, urls, stage === final ? 'the image does not show the downloaded file.' : `build stage ${stage.name ?? stage.image} is not in the image.`));
          continue;
        }
        out.push(forFile(ctx, d, ins, urls[0], dest as string, layer as number, file));
      }
    }
    return out;
  },
};

function forFile(ctx: SuggestContext, d: Dockerfile, ins: Instruction, url: string, dest: string, layer: number, file: Inode): Proposal {
  const model = ctx.filesystem;
  const path = `/${model.path(file)}`;
  const size = model.size(file);
  const hiddenBy = model.hiddenBy(file);
  const sha = contentHash(model, file);
  const later = hiddenBy === null ? undefined : runFor(ctx, hiddenBy);
  const fetch = downloader(ctx, path, url);
  const check = sha ? `echo "${sha}  ${path}" | sha256sum -c -` : null;
  const inBetween = later ? between(d, ins, later).filter((i) => i.kind === 'RUN' && textOf(d, i).includes(dirOf(path))) : [];
  if (later && fetch && check && inBetween.length === 0 && runScript(textOf(d, later))) {
    const dir = dirOf(path);
    const mkdir = dir === '/' || dir === '/tmp' || hasFile(ctx, dir.slice(1)) ? [] : [`mkdir -p ${dir}`];
    const steps = [...mkdir, fetch, check];
    // prependBefore puts a step before the first command: the steps go in last-first so that they read in order.
    const prepend = (t: string): string => [...steps].reverse().reduce((acc, step) => prependBefore(acc, () => true, step, (c) => commandText(c) === step), t);
    const edits: Edit[] = [
      { op: 'remove', at: ins },
      { op: 'rewrite', at: later, apply: prepend },
    ];
    return {
      bytes: size,
      confidence: 'high',
      rationale:
        `\`ADD ${url}\` (Dockerfile line ${ins.startLine + 1}) stored ${path} (${bytes(size)}) in ${describeLayer(ctx, layer)}; ${describeLayer(ctx, hiddenBy!)} ` +
        `removes it, but the download still ships. Downloading it in that RUN, checked against the sha256 the image shows (${sha}), keeps it out of every layer.`,
      findings: ['hidden-files'],
      layer,
      edits,
    };
  }
  const pinned = sha ? [`ADD --checksum=sha256:${sha} ${url} ${dest}`] : null;
  return {
    bytes: 0,
    confidence: 'medium',
    rationale:
      `\`ADD ${url}\` (Dockerfile line ${ins.startLine + 1}) takes whatever the server returns, unverified (${path}, ${bytes(size)}). ` +
      (pinned ? `Pin it with the sha256 the image shows: \`ADD --checksum=sha256:${sha}\` (BuildKit, Dockerfile syntax 1.6 or later), or download it with curl and check it in the RUN that uses it.` : 'Download it with curl in the RUN that uses it and check its sha256.') +
      (later && !fetch ? ' The image has neither curl nor wget to download it in a RUN.' : ''),
    findings: [],
    layer,
    edits: pinned ? [{ op: 'replace', at: ins, lines: pinned }] : [],
  };
}

/**
 * The file's sha256: known when the layer was read as a stream; otherwise read from the archive file the source
 * left it in (only its byte range), as the duplicate search does. Null when neither is possible.
 */
function contentHash(model: FilesystemModel, file: Inode): string | null {
  const known = model.sha256(file);
  if (known !== null) return known;
  const at = model.location(file);
  if (at === null) return null;
  const size = model.size(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(at.file, 'r');
    const hash = createHash('sha256');
    const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, size)));
    for (let done = 0; done < size; ) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - done), at.offset + done);
      if (n <= 0) return null;
      hash.update(buf.subarray(0, n));
      done += n;
    }
    return hash.digest('hex');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function noEdit(ins: Instruction, urls: string[], why: string): Proposal {
  return {
    bytes: 0,
    confidence: 'medium',
    rationale: `ADD of ${urls.join(', ')} (Dockerfile line ${ins.startLine + 1}) takes whatever the server returns, unverified; ${why}`,
    findings: [],
    layer: null,
    edits: [],
  };
}

/** `curl -fsSL -o FILE URL`, or wget's, when the final image has one of them; else null. */
function downloader(ctx: SuggestContext, path: string, url: string): string | null {
  if (['usr/bin/curl', 'bin/curl', 'usr/local/bin/curl'].some((p) => hasFile(ctx, p))) return `curl -fsSL -o ${path} ${url}`;
  if (['usr/bin/wget', 'bin/wget', 'usr/local/bin/wget'].some((p) => hasFile(ctx, p))) return `wget -q -O ${path} ${url}`;
  return null;
}

function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

