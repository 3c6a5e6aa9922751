import type { Command } from 'commander';
import { checkConsistent, findConfig, loadConfig, mergeSettings, SettingFlags, Settings, settingsFromFlags } from '../check/config';
import { mapDockerfile } from '../check/dockerfile';
import { evaluateCheck } from '../check/evaluate';
import { appendFile, writeFileAtomic } from '../util/files';
import { writeChunks } from '../util/json-stream';
import { Format, Output, parseFormats } from '../check/outputs';
import type { CheckReport } from '../check/report';
import { ImgdietError, InputError } from '../errors';
import { SEVERITIES, type Analysis } from '../model';
import { renderCheckJson } from '../report/check-json';
import { renderCheckText } from '../report/check-text';
import { renderGithubAnnotations } from '../report/github';
import { renderJunit } from '../report/junit';
import { renderMarkdown } from '../report/markdown';
import { renderSarif } from '../report/sarif';
import { readDockerfile } from '../dockerfile/parse';
import { addImageOptions, ImageFlags, imageOptions, readImage } from './image-options';
import { Io, useColor } from './io';

export interface CheckFlags extends SettingFlags, ImageFlags {
  config?: string;
  format?: string[];
  dockerfile?: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Declares `imgdiet check` on the command main.ts created; `done` receives the exit code. */
export function defineCheckCommand(command: Command, io: Io, done: (code: number) => void): void {
  command
    .description('check an image against size budgets and policies (exit 1 when one fails); see docs/check.md')
    .argument('<ref>', 'the image, as for analyze')
    .option('--config <file>', 'settings file (default: .imgdiet.yml in this directory or the nearest above it)')
    .option('--max-size <size>', 'largest total layer bytes, e.g. 150MB, 1.2GiB')
    .option('--max-compressed-size <size>', 'largest total of compressed layer blobs')
    .option('--max-layers <n>', 'most layers')
    .option('--max-layer-size <size>', 'largest single layer')
    .option('--max-waste <size|percent>', 'most waste bytes, or percent of layer bytes')
    .option('--min-efficiency <percent|ratio>', 'least efficiency, e.g. 90% or 0.9')
    .option('--baseline <ref>', 'image to compare with for --max-growth')
    .option('--max-growth <size|percent>', 'most growth of layer bytes over the baseline, or percent of its layer bytes')
    .option('--no-root', 'fail when the image runs as root (root-user finding)')
    .option('--no-secrets', 'fail when a layer holds a secret (secret-file finding)')
    .option('--require-healthcheck', 'fail when the image has no HEALTHCHECK (no-healthcheck finding)')
    .option('--fail-on <severity>', `fail on any finding at or above: ${SEVERITIES.join(', ')}`)
    .option('--dockerfile <file>', 'the Dockerfile that built the image, for locations in SARIF and annotations')
    .option('--format <format[=file]>', 'text, json, junit, sarif or markdown, to stdout or =FILE; repeatable (default: text to stdout)', collect)
    .action(async (ref: string, flags: CheckFlags) => {
      done(await checkCommand(ref, flags, io));
    });
  addImageOptions(command);
}

export async function checkCommand(ref: string, flags: CheckFlags, io: Io): Promise<number> {
  // Everything that can be wrong with the command line or the config is found before any image is read.
  const outputs = parseFormats(flags.format ?? []);
  const configFile = flags.config ?? findConfig(process.cwd());
  const settings: Settings = mergeSettings(configFile === null ? {} : loadConfig(configFile), settingsFromFlags(flags));
  checkConsistent(settings);
  const options = imageOptions(flags);
  const dockerfileParsed = flags.dockerfile === undefined ? null : readDockerfile(flags.dockerfile);

  // With the Dockerfile the proposal is the proposed Dockerfile's (an informational line of the report).
  const analysis = (await readImage(ref, { ...options, dockerfile: flags.dockerfile }, io)).analysis;
  let baseline: Analysis | null = null;
  if (settings.baseline) {
    const baselineRef = settings.baseline.value;
    try {
      baseline = (await readImage(baselineRef, options, io)).analysis;
    } catch (err) {
      if (err instanceof ImgdietError) throw new InputError(`baseline ${baselineRef}: ${err.message}`, { cause: err, exitCode: err.exitCode });
      throw err;
    }
  }
  const dockerfile = dockerfileParsed === null ? null : mapDockerfile(dockerfileParsed, analysis.layers);
  const report = evaluateCheck({ analysis, baseline, settings, config: configFile, dockerfile });

  // Render everything first, then write: a failure to write leaves no half-written file behind. A check report is
  // small by nature (findings list at most 100 paths each), so files and stdout get whole strings.
  const rendered = outputs.map((o) => ({ ...o, data: render(o, report, io) }));
  for (const o of rendered) if (o.file !== null) writeFileAtomic(o.file, o.data);
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) appendFile(summaryFile, renderMarkdown(report), '$GITHUB_STEP_SUMMARY');
  const stdout = rendered.find((o) => o.file === null) as Output & { data: string };
  await writeChunks(io.stdout, [stdout.data]);
  if (io.env.GITHUB_ACTIONS === 'true') {
    // Annotations go with the text report; next to a machine format on stdout they go to stderr (the runner reads
    // workflow commands from both), so that the JSON, SARIF, XML or Markdown stays parseable.
    const annotations = renderGithubAnnotations(report);
    (stdout.format === 'text' ? io.stdout : io.stderr).write(annotations);
  }
  return report.passed ? 0 : 1;
}

function render(o: Output, report: CheckReport, io: Io): string {
  const renderers: Record<Format, () => string> = {
    text: () => renderCheckText(report, { color: o.file === null && useColor(io) }),
    json: () => renderCheckJson(report),
    junit: () => renderJunit(report),
    sarif: () => renderSarif(report),
    markdown: () => renderMarkdown(report),
  };
  return renderers[o.format]();
}
