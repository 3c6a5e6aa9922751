/**
 * SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps). One run; one rule per finding id and per
 * budget or policy set (`budget/max-size`, `policy/no-root`); one result per finding (level from its severity,
 * ignored ones carried with a suppression and its reason) and per failed budget or policy (level error).
 * Passed checks are not results; skipped ones are tool notifications.
 *
 * Locations: every result has logical locations — the layer it is about, or the image — and a finding also
 * the image paths it names (at most 10 of them). With `--dockerfile`, the first location is also physical: the
 * instruction the layer came from, or for image-wide results the final stage's FROM.
 */
import { jsonText } from '../util/json-stream';
import type { CheckedFinding, CheckReport, CheckResult, DockerfileMap } from '../check/report';
import type { Severity } from '../model';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const MAX_PATH_LOCATIONS = 10;

type Level = 'error' | 'warning' | 'note';

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  help?: { text: string };
  defaultConfiguration: { level: Level };
  properties: Record<string, unknown>;
}

interface Location {
  physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number; endLine: number } };
  logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
}

const LEVELS: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

export function renderSarif(r: CheckReport): string {
  const rules: Rule[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (rule: Rule): number => {
    const known = ruleIndex.get(rule.id);
    if (known !== undefined) return known;
    ruleIndex.set(rule.id, rules.length);
    rules.push(rule);
    return rules.length - 1;
  };

  const checkRuleId = (x: CheckResult): string => `${x.kind}/${x.key}`;
  for (const x of r.results) {
    addRule({
      id: checkRuleId(x),
      name: camel(`${x.kind}-${x.key}`),
      shortDescription: { text: x.title },
      help: { text: `Set by ${x.key}: ${x.setting} (${x.from}); see docs/check.md.` },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['imgdiet', x.kind] },
    });
  }
  for (const f of r.findings) {
    addRule({
      id: f.id,
      name: camel(f.id),
      shortDescription: { text: f.title },
      help: { text: f.fix },
      defaultConfiguration: { level: LEVELS[f.severity] },
      properties: { tags: ['imgdiet', f.category], docs: f.docs },
    });
  }

  const results: unknown[] = [];
  for (const x of r.results) {
    if (x.status !== 'fail') continue;
    results.push({
      ruleId: checkRuleId(x),
      ruleIndex: ruleIndex.get(checkRuleId(x)),
      kind: 'fail',
      level: 'error',
      message: { text: x.message },
      locations: [primaryLocation(r, x.layer)],
      properties: { actual: x.actual, limit: x.limit, unit: x.unit, setting: x.setting, from: x.from },
    });
  }
  for (const f of r.findings) results.push(findingResult(r, f, ruleIndex.get(f.id) as number));

  const notifications = [
    ...r.results
      .filter((x) => x.status === 'skip')
      .map((x) => ({ level: 'warning', message: { text: `${x.key} skipped: ${x.message}` }, associatedRule: { id: checkRuleId(x), index: ruleIndex.get(checkRuleId(x)) } })),
    ...r.notes.map((n) => ({ level: 'note', message: { text: n } })),
  ];

  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'imgdiet', version: r.tool.version, semanticVersion: r.tool.version, rules } },
        invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        results,
        properties: {
          passed: r.passed,
          counts: r.counts,
          image: { reference: r.image.reference, id: r.image.id, platform: r.image.platform },
          ...(r.baseline ? { baseline: { reference: r.baseline.reference, id: r.baseline.id } } : {}),
        },
      },
    ],
  };
  return jsonText(log);
}

function findingResult(r: CheckReport, f: CheckedFinding, index: number): unknown {
  const paths: Location[] = f.paths.slice(0, MAX_PATH_LOCATIONS).map((p) => ({
    logicalLocations: [{ name: p.path.slice(p.path.lastIndexOf('/') + 1) || p.path, fullyQualifiedName: `/${p.path}`, kind: 'resource' }],
  }));
  return {
    ruleId: f.id,
    ruleIndex: index,
    level: LEVELS[f.severity],
    message: { text: f.message },
    locations: [primaryLocation(r, f.layer), ...paths],
    ...(f.ignoredBy === null ? {} : { suppressions: [{ kind: 'external', status: 'accepted', justification: f.ignoredBy.reason }] }),
    properties: { severity: f.severity, category: f.category, bytes: f.bytes, pathCount: f.pathCount, layer: f.layer, hiddenBy: f.hiddenBy },
  };
}

/** The layer (or, with none, the image) as a logical location, and its Dockerfile line when there is one. */
function primaryLocation(r: CheckReport, layer: number | null): Location {
  const logical =
    layer === null
      ? { name: r.image.reference, fullyQualifiedName: r.image.id, kind: 'object' }
      : { name: `layer ${layer}`, fullyQualifiedName: `${r.image.id}/layers/${layer}`, kind: 'module' };
  const region = dockerfileRegion(r.dockerfile, layer);
  return {
    ...(region && r.dockerfile ? { physicalLocation: { artifactLocation: { uri: r.dockerfile.uri }, region } } : {}),
    logicalLocations: [logical],
  };
}

function dockerfileRegion(d: DockerfileMap | null, layer: number | null): { startLine: number; endLine: number } | null {
  if (!d) return null;
  const line = layer === null ? null : d.layers.find((l) => l.layer === layer);
  return line ? { startLine: line.startLine, endLine: line.endLine } : d.from;
}

/** `no-root` → `NoRoot`: SARIF's rule name is an identifier-like word. */
function camel(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
