import { buildContext } from '../../src/analyze/findings/context';
import { runRules } from '../../src/analyze/findings/find';
import { RULES } from '../../src/analyze/findings/list';
import { secretFile } from '../../src/analyze/findings/rules/secret-file';
import { renderJson } from '../../src/report/json';
import { renderTerminal } from '../../src/report/terminal';
import { renderVerboseTerminal } from '../../src/report/terminal-verbose';
import { analyzeSteps, run } from '../helpers/analyze-built';
import { Entry, file, removeTemps, whiteout } from '../helpers/image-builder';
import { findingsOf } from '../helpers/rules';

afterAll(removeTemps);

const base = run('base', [file('etc/os-release', 'ID=debian\n')]);
/** The secret-file findings of an image whose layer 1 holds these files. */
const secretsIn = (...entries: Entry[]) => findingsOf(secretFile, [base, run('copy', entries)]);
const pem = (body: string) => `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;

describe('secret-file', () => {
  it('finds a private key by its header, whatever its name, as critical', async () => {
    const found = await secretsIn(file('app/config/blob.dat', pem('b3BlbnNzaC1rZXktdjEAAAAA')), file('app/id_rsa.pub', 'ssh-rsa AAAA me@host\n'));
    expect(found).toEqual([
      expect.objectContaining({
        id: 'secret-file',
        category: 'security',
        severity: 'critical',
        bytes: 0,
        message: 'Private key in 1 file added by layer 1, in the final image',
        paths: [{ path: 'app/config/blob.dat', bytes: 95 }],
        pathCount: 1,
        layer: 1,
        hiddenBy: null,
        docs: 'docs/rules/secret-file.md',
      }),
    ]);
  });

  it('finds PuTTY keys and every PEM private key type', async () => {
    const found = await secretsIn(
      file('keys/a.ppk', 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n'),
      file('keys/b.pem', '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n'),
      file('keys/c.pem', '-----BEGIN EC PRIVATE KEY-----\nMHcC\n'),
      file('keys/d.pem', '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n'),
      file('keys/e.pem', '-----BEGIN CERTIFICATE-----\nMIIC\n'),
    );
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe('Private key in 4 files added by layer 1, in the final image');
    expect(found[0].paths.map((p) => p.path).sort()).toEqual(['keys/a.ppk', 'keys/b.pem', 'keys/c.pem', 'keys/d.pem']);
  });

  it('flags .env files by name as high, but not templates or empty ones', async () => {
    const found = await secretsIn(
      file('app/.env', 'DB_PASSWORD=x\n'),
      file('app/.env.production', 'API_KEY=y\n'),
      file('app/.env.example', 'API_KEY=\n'),
      file('app/.env.sample', 'API_KEY=\n'),
      file('app/.env.template', 'API_KEY=\n'),
      file('app/.env.dist', 'API_KEY=\n'),
      file('srv/.env', ''),
      file('app/.envrc', 'use nix\n'),
      file('opt/.env/bin/activate', 'venv\n'),
    );
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'high',
        message: '.env file in 2 files added by layer 1, in the final image',
        paths: [
          { path: 'app/.env', bytes: 14 },
          { path: 'app/.env.production', bytes: 10 },
        ],
      }),
    ]);
  });

  it.each([
    ['root/.aws/credentials', '[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI\n', 'AWS credentials'],
    ['root/.aws/credentials', '[ci]\naws_session_token=FwoGZXIvYXdzEJr\n', 'AWS credentials'],
    ['home/app/.docker/config.json', '{"auths":{"registry.example.com":{"auth":"dXNlcjpwYXNz"}}}', 'Docker registry credentials'],
    ['root/.docker/config.json', '{"auths":{"example.azurecr.io":{"identitytoken":"eyJhbGci"}}}', 'Docker registry credentials'],
    ['root/.docker/config.json', '{"auths":{"r.example.com":{"auth":"dXNlcjpwYXNz"}', 'Docker registry credentials'],
    ['root/.git-credentials', 'https://me:ghp_abc123@github.com\n', 'Git credentials'],
    ['root/.netrc', 'machine api.example.com login me password hunter2\n', '.netrc password'],
    ['root/.netrc', 'machine a.example.com\n  login me\n  password\n    hunter2\n', '.netrc password'],
    ['root/.pypirc', '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc\n', '.pypirc password'],
    ['app/.npmrc', '//registry.npmjs.org/:_authToken=npm_abcdef\n', 'npm registry token'],
    ['app/.npmrc', 'registry=https://npm.example.com/\n_auth = dXNlcjpwYXNz\n', 'npm registry token'],
    ['app/.npmrc', '//npm.example.com/:_password="cGFzcw=="\n', 'npm registry token'],
    ['app/.yarnrc.yml', 'npmScopes:\n  acme:\n    npmAuthToken: npm_abcdef\n', 'Yarn registry token'],
  ])('flags %s holding a credential', async (path, content, label) => {
    const found = await secretsIn(file(path, content));
    expect(found).toEqual([
      expect.objectContaining({ severity: 'critical', message: `${label} in 1 file added by layer 1, in the final image`, paths: [{ path, bytes: content.length }] }),
    ]);
  });

  it.each([
    ['root/.aws/credentials', '[default]\nregion = eu-west-1\n'],
    ['root/.aws/config', '[default]\naws_secret_access_key = wJalrXUtnFEMI\n'],
    ['root/.docker/config.json', '{"credsStore":"desktop","auths":{"registry.example.com":{}}}'],
    ['root/.docker/config.json', '{"auths":{"registry.example.com":{"auth":""}}}'],
    ['root/.docker/config.json', '{"auths":'],
    ['etc/docker/config.json', '{"auths":{"r.example.com":{"auth":"dXNlcjpwYXNz"}}}'],
    ['root/.git-credentials', '\n'],
    ['root/.netrc', 'machine api.example.com login me\n'],
    ['root/.pypirc', '[distutils]\nindex-servers = pypi\n[pypi]\nusername = __token__\n'],
    ['app/.npmrc', 'registry=https://npm.example.com/\n//npm.example.com/:_authToken=${NPM_TOKEN}\n'],
    ['app/.npmrc', '# _authToken=abc\n'],
    ['app/.yarnrc.yml', 'npmAuthToken: "${NPM_TOKEN}"\nnodeLinker: node-modules\n'],
  ])('does not flag %s without a credential', async (path, content) => {
    expect(await secretsIn(file(path, content))).toEqual([]);
  });

  it('reports a secret deleted in a later layer as still extractable, with hiddenBy', async () => {
    const found = await findingsOf(secretFile, [
      base,
      run('copy', [file('root/.ssh/id_ed25519', pem('AAAA')), file('app/.npmrc', '//registry.npmjs.org/:_authToken=npm_old\n')]),
      run('npm ci && rm', [whiteout('root/.ssh/id_ed25519'), file('app/.npmrc', 'registry=https://registry.npmjs.org/\n')]),
    ]);
    expect(found.map((f) => [f.severity, f.message, f.layer, f.hiddenBy, f.paths])).toEqual([
      ['critical', 'Private key in 1 file added by layer 1 and deleted by layer 2, still extractable from layer 1', 1, 2, [{ path: 'root/.ssh/id_ed25519', bytes: 75 }]],
      ['critical', 'npm registry token in 1 file added by layer 1 and deleted by layer 2, still extractable from layer 1', 1, 2, [{ path: 'app/.npmrc', bytes: 41 }]],
    ]);
  });

  it('groups by kind and layer, severest first', async () => {
    const found = await findingsOf(secretFile, [
      run('a', [file('app/.env', 'A=1\n'), file('k1', pem('x'))]),
      run('b', [file('k2', pem('y')), file('k3', pem('z'))]),
    ]);
    expect(found.map((f) => [f.severity, f.layer, f.pathCount])).toEqual([
      ['critical', 0, 1],
      ['critical', 1, 2],
      ['high', 0, 1],
    ]);
  });
});

describe('secret-file: no secret value in any output', () => {
  const VALUE = 'IMGDIET-PLANTED-SECRET-7f3a9c';
  const planted = [
    file('app/deploy.key', pem(VALUE)),
    file('app/.env', `STRIPE_KEY=${VALUE}\n`),
    file('app/.env.local', `TOKEN=${VALUE}\n`),
    file('root/.aws/credentials', `[default]\naws_access_key_id = AKIA${VALUE}\naws_secret_access_key = ${VALUE}\n`),
    file('root/.docker/config.json', `{"auths":{"r.example.com":{"auth":"${VALUE}","identitytoken":"${VALUE}"}}}`),
    // Broken JSON: a parser's message would quote this text.
    file('home/ci/.docker/config.json', `{"auths":{"r.example.com":{"auth":"${VALUE}"`),
    file('root/.git-credentials', `https://me:${VALUE}@github.com\n`),
    file('root/.netrc', `machine example.com login ${VALUE} password ${VALUE}\n`),
    file('root/.pypirc', `[pypi]\nusername = __token__\npassword = ${VALUE}\n`),
    file('app/.npmrc', `//registry.npmjs.org/:_authToken=${VALUE}\n_auth=${VALUE}\n`),
    file('app/.yarnrc.yml', `npmAuthToken: ${VALUE}\n`),
  ];

  it('names every planted file, and the value appears nowhere in JSON, terminal report or errors', async () => {
    const errors: string[] = [];
    let json = '';
    let terminal = '';
    try {
      const steps = [base, run('copy secrets', planted), run('rm', [whiteout('app/deploy.key'), whiteout('root/.netrc')])];
      const { analysis, filesystem, packageIndex } = await analyzeSteps(steps, { config: { Env: ['PATH=/usr/bin'], Cmd: ['app'] } });
      // The value is in the model (credential files are kept whole, to be read): the outputs must leave it there.
      expect(filesystem.inodes.filter((i) => filesystem.data(i)?.toString('utf8').includes(VALUE)).length).toBe(8);
      const ctx = buildContext(analysis.image.config, analysis.layers, filesystem, packageIndex);
      const mine = runRules(ctx, [secretFile]).findings;
      // Every planted file is found, kinds named; the two deleted ones as hidden.
      expect(mine.flatMap((f) => f.paths.map((p) => p.path)).sort()).toEqual(planted.map((e) => e.name).sort());
      expect(mine.filter((f) => f.hiddenBy === 2).flatMap((f) => f.paths.map((p) => p.path)).sort()).toEqual(['app/deploy.key', 'root/.netrc']);
      const all = { ...analysis, findings: [...analysis.findings, ...runRules(ctx, RULES.filter((r) => r.meta.id !== secretFile.meta.id)).findings, ...mine] };
      json = renderJson(all);
      terminal = renderTerminal(all, { color: false, top: 100 }) + renderVerboseTerminal(all, { color: false, top: 100 });
      expect(terminal).toContain('secret-file');
    } catch (err) {
      errors.push(String(err), (err as Error).stack ?? '');
    }
    for (const text of [json, terminal, ...errors]) {
      expect(text).not.toContain(VALUE);
      expect(text).not.toContain(VALUE.slice(8));
    }
    expect(errors).toEqual([]);
    expect(json).toContain('"id": "secret-file"');
  });
});
