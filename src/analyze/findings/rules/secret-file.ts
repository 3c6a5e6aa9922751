import type { Severity } from '../../../model';
import type { FilesystemModel, Inode } from '../../filesystem/model';
import { basename } from '../../../util/paths';
import type { Rule, RuleHit } from '../types';
import { compareText } from '../../../util/compare';

/**
 * Secrets stored in any layer, still visible or already deleted. Credential files are read (from the content
 * the walk keeps for them, see layers/content.ts) only to tell whether they hold a credential; nothing read
 * here ever leaves this file: a hit names paths, kinds and layers, never a value. Parse errors are swallowed on
 * purpose, since a JSON.parse message quotes the text it failed on.
 */
export const secretFile: Rule = {
  meta: {
    id: 'secret-file',
    category: 'security',
    severity: 'critical',
    title: 'Secret in a layer',
    description:
      'A private key (recognised by its PEM or PuTTY header, whatever the file is called), a `.env` file, or a ' +
      'credentials file that holds a credential — `.aws/credentials` with a secret key or session token, ' +
      '`.docker/config.json` with an `auth`, `identitytoken` or `registrytoken` in `auths`, `.git-credentials`, ' +
      'a `.netrc` or `.pypirc` password, an `.npmrc` `_authToken`, `_auth` or `_password`, a `.yarnrc.yml` ' +
      '`npmAuthToken` or `npmAuthIdent` — stored in any layer. Anyone who can pull the image can read it, and ' +
      'deleting it in a later layer does not help: the bytes stay in the layer that added it, where `docker save` ' +
      'or any registry client extracts them. A value written as a `${VAR}` reference is not a credential; ' +
      '`.env.example`, `.env.sample`, `.env.template` and `.env.dist` are templates. Private keys and credentials ' +
      'are critical; `.env` files, flagged by name without being read, are high. Findings name paths and layers, ' +
      'never a value.',
    fix: 'Remove the secret from every layer (pass it with `RUN --mount=type=secret` or at run time, keep it out of the context with `.dockerignore`) and rotate it: it has shipped.',
  },
  check(ctx) {
    const fs = ctx.filesystem;
    const groups = new Map<string, { kind: SecretKind; inodes: Inode[] }>();
    for (const inode of fs.inodes) {
      const kind = secretKind(fs, inode);
      if (!kind) continue;
      const key = `${kind.label}\0${fs.layer(inode)}\0${fs.hiddenBy(inode)}`;
      const group = groups.get(key);
      if (group) group.inodes.push(inode);
      else groups.set(key, { kind, inodes: [inode] });
    }
    // By layer, visible before hidden, then in the order of KINDS.
    const ordered = [...groups.values()].sort(
      (a, b) =>
        fs.layer(a.inodes[0]) - fs.layer(b.inodes[0]) ||
        (fs.hiddenBy(a.inodes[0]) ?? -1) - (fs.hiddenBy(b.inodes[0]) ?? -1) ||
        KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind),
    );
    const hits: RuleHit[] = [];
    for (const { kind, inodes } of ordered) {
      const layer = fs.layer(inodes[0]);
      const hiddenBy = fs.hiddenBy(inodes[0]);
      const paths = inodes.map((i) => ({ path: fs.path(i), bytes: fs.size(i) })).sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path));
      const files = `${inodes.length} file${inodes.length === 1 ? '' : 's'}`;
      const message =
        hiddenBy === null
          ? `${kind.label} in ${files} added by layer ${layer}, in the final image`
          : `${kind.label} in ${files} added by layer ${layer} and deleted by layer ${hiddenBy}, still extractable from layer ${layer}`;
      hits.push({ message, bytes: 0, paths, layer, hiddenBy, severity: kind.severity });
    }
    return hits;
  },
};

interface SecretKind {
  label: string;
  severity: Severity;
}

const PRIVATE_KEY: SecretKind = { label: 'Private key', severity: 'critical' };
const ENV_FILE: SecretKind = { label: '.env file', severity: 'high' };
const ENV_TEMPLATES = new Set(['.env.example', '.env.sample', '.env.template', '.env.dist']);

/** Credential files recognised by name, each with the test of its content that says it holds a credential. */
const CREDENTIAL_FILES: { kind: SecretKind; matches: (path: string, name: string) => boolean; holds: (text: string) => boolean }[] = [
  { kind: credential('AWS credentials'), matches: (p) => inDotDir(p, '.aws', 'credentials'), holds: (t) => iniValue(t, /^(aws_secret_access_key|aws_session_token)$/i, '=:') },
  { kind: credential('Docker registry credentials'), matches: (p) => inDotDir(p, '.docker', 'config.json'), holds: dockerAuth },
  { kind: credential('Git credentials'), matches: (_, n) => n === '.git-credentials', holds: (t) => /^\s*[a-z][a-z0-9+.-]*:\/\/[^\s/@]+@/im.test(t) },
  { kind: credential('.netrc password'), matches: (_, n) => n === '.netrc', holds: netrcPassword },
  { kind: credential('.pypirc password'), matches: (_, n) => n === '.pypirc', holds: (t) => iniValue(t, /^password$/i, '=:') },
  { kind: credential('npm registry token'), matches: (_, n) => n === '.npmrc', holds: (t) => iniValue(t, /(^|:)_(authToken|auth|password)$/, '=') },
  { kind: credential('Yarn registry token'), matches: (_, n) => n === '.yarnrc.yml', holds: (t) => yamlValue(t, /^npmAuth(Token|Ident)$/) },
];

const KINDS: SecretKind[] = [PRIVATE_KEY, ...CREDENTIAL_FILES.map((c) => c.kind), ENV_FILE];

function credential(label: string): SecretKind {
  return { label, severity: 'critical' };
}

export function secretKind(fs: FilesystemModel, inode: Inode): SecretKind | null {
  if (fs.kind(inode) === 'private-key') return PRIVATE_KEY;
  if (fs.size(inode) === 0) return null;
  const path = fs.path(inode);
  const name = basename(path);
  if (name === '.env' || (name.startsWith('.env.') && !ENV_TEMPLATES.has(name))) return ENV_FILE;
  for (const c of CREDENTIAL_FILES) {
    if (!c.matches(path, name)) continue;
    const data = fs.data(inode);
    // Content too large to keep cannot be cleared: report it rather than miss a credential.
    if (!data) return c.kind;
    return c.holds(data.toString('utf8')) ? c.kind : null;
  }
  return null;
}

/** `DIR/NAME` at the root or anywhere below (`root/.aws/credentials`, `home/x/.docker/config.json`). */
function inDotDir(path: string, dir: string, name: string): boolean {
  const tail = `${dir}/${name}`;
  return path === tail || path.endsWith(`/${tail}`);
}

/** A real value: not empty, not a `${VAR}` reference left for the environment to fill. */
function isValue(raw: string): boolean {
  const v = raw.trim().replace(/^(['"])(.*)\1$/, '$2').trim();
  return v !== '' && !/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v);
}

/**
 * Whether an INI-like file sets a key matching `key` to a value. `separators` are the characters that end a key:
 * `=` and `:` for configparser files, `=` alone for .npmrc, whose keys hold colons (`//host/:_authToken`).
 */
function iniValue(text: string, key: RegExp, separators: '=' | '=:'): boolean {
  const pattern = separators === '=' ? /^\s*([^=#;\s][^=]*?)\s*=\s*(.*)$/ : /^\s*([^=:#;\s][^=:]*?)\s*[=:]\s*(.*)$/;
  for (const line of text.split(/\r?\n/)) {
    const m = pattern.exec(line);
    if (m && key.test(m[1]) && isValue(m[2])) return true;
  }
  return false;
}

/** `key: value` at any indentation of a YAML file, read without a YAML parser (whose errors quote the input). */
function yamlValue(text: string, key: RegExp): boolean {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*["']?([A-Za-z_][\w-]*)["']?\s*:\s*(.*?)\s*(#.*)?$/.exec(line);
    if (m && key.test(m[1]) && isValue(m[2])) return true;
  }
  return false;
}

/** netrc is a stream of tokens: `machine H login U password P`, on one line or several. */
function netrcPassword(text: string): boolean {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  for (let i = 0; i < tokens.length - 1; i++) {
    if (tokens[i] === 'macdef') return false;
    if (tokens[i] === 'password' && isValue(tokens[i + 1])) return true;
  }
  return false;
}

const DOCKER_AUTH_KEYS = ['auth', 'identitytoken', 'registrytoken', 'password'];

/** `auths[registry]` with a credential; a config that only names `credsStore`/`credHelpers` holds none. */
function dockerAuth(text: string): boolean {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    // Not JSON the engine would read, but it may still carry a token: look for one by shape.
    return /"(auth|identitytoken|registrytoken|password)"\s*:\s*"[^"\s]+"/i.test(text);
  }
  const auths = (config as { auths?: unknown } | null)?.auths;
  if (!auths || typeof auths !== 'object') return false;
  return Object.values(auths as Record<string, unknown>).some(
    (entry) => !!entry && typeof entry === 'object' && DOCKER_AUTH_KEYS.some((k) => {
      const v = (entry as Record<string, unknown>)[k];
      return typeof v === 'string' && v.trim() !== '';
    }),
  );
}
