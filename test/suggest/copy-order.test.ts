import * as fs from 'node:fs';
import { copyOrder } from '../../src/suggest/rules/copy-order';
import { suggestionDoc } from '../../src/suggest/suggestion-doc';
import { file } from '../helpers/image-builder';
import { base, body, copy, nop, reparsed, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => jest.requireActual('./only').registryWith('copy-order'));

const OS = base([file('etc/os-release', 'ID=debian\n'), file('usr/bin/apt-get', body(10))]);
const SITE = file('usr/local/lib/python3.12/site-packages/flask/__init__.py', body(3000));

describe('copy-order', () => {
  it('has its doc page made from its meta', () => {
    expect(fs.readFileSync('docs/suggestions/copy-order.md', 'utf8')).toBe(suggestionDoc(copyOrder.meta));
  });

  it('needs --dockerfile', async () => {
    const r = await suggestOn([OS, nop('WORKDIR /app'), copy('.', [file('app/requirements.txt', 'flask\n')]), run('pip install -r requirements.txt', [SITE])], null);
    expect(r.of('copy-order')).toEqual([]);
  });

  it('copies requirements.txt before the install and the context after it, with the rebuilt bytes and lines', async () => {
    const df = ['FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN apt-get update && apt-get install -y curl', 'RUN pip install -r requirements.txt', 'CMD ["python", "app.py"]', ''].join('\n');
    const steps = [OS, nop('WORKDIR /app'), copy('.', [file('app/requirements.txt', 'flask\n'), file('app/app.py', body(50))]), run('apt-get update && apt-get install -y curl', [file('usr/bin/curl', body(5))]), run('pip install -r requirements.txt', [SITE]), nop('CMD ["python" "app.py"]')];
    const r = await suggestOn(steps, df);
    const s = r.one('copy-order');
    expect(s).toMatchObject({ savings: { bytes: 0, compressedBytes: null }, confidence: 'high', layer: 4, findings: [] });
    expect(s.rationale).toContain('`COPY . .` (Dockerfile line 3) comes before `pip install -r requirements.txt` (line 5)');
    expect(s.rationale).toContain('rebuilds 3.00 kB of install layer (layer 4)');
    expect(r.proposedDockerfile).toBe(
      ['FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN apt-get update && apt-get install -y curl', 'RUN pip install -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]', ''].join('\n'),
    );
    expect(reparsed(r.proposedDockerfile!)).toHaveLength(7);
  });

  it('copies the local files a requirements file names with it, and proposes nothing when it names the context', async () => {
    const df = ['FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', ''].join('\n');
    const reqs = '# pinned\nflask==3.0.0\n./vendor/greeting-1.0.tar.gz\n-r extra/requirements-dev.txt\n--find-links https://example.invalid/wheels\n';
    const steps = [
      OS,
      nop('WORKDIR /app'),
      copy('.', [
        file('app/requirements.txt', reqs),
        file('app/extra/requirements-dev.txt', '../vendor/tool-2.0.tar.gz\n'),
        file('app/vendor/greeting-1.0.tar.gz', body(40)),
        file('app/vendor/tool-2.0.tar.gz', body(30)),
        file('app/app.py', body(5)),
      ]),
      run('pip install -r requirements.txt', [SITE]),
    ];
    const r = await suggestOn(steps, df);
    expect(r.proposedDockerfile).toBe(
      [
        'FROM python:3.12',
        'WORKDIR /app',
        'COPY requirements.txt .',
        'COPY vendor/greeting-1.0.tar.gz vendor/tool-2.0.tar.gz ./vendor/',
        'COPY extra/requirements-dev.txt ./extra/',
        'RUN pip install -r requirements.txt',
        'COPY . .',
        '',
      ].join('\n'),
    );
    const editable = [OS, nop('WORKDIR /app'), copy('.', [file('app/requirements.txt', '-e .\n'), file('app/setup.py', body(5))]), run('pip install -r requirements.txt', [SITE])];
    expect((await suggestOn(editable, df)).of('copy-order')).toEqual([]);
  });

  it('copies package.json and its lock to the COPY\'s destination, keeping its flags', async () => {
    const df = ['FROM node:20', 'WORKDIR /srv', 'COPY --chown=node:node . /app', 'WORKDIR /app', 'RUN npm ci', ''].join('\n');
    const steps = [OS, nop('WORKDIR /srv'), copy('/app', [file('app/package.json', '{}'), file('app/package-lock.json', '{}')]), nop('WORKDIR /app'), run('npm ci', [file('app/node_modules/x/index.js', body(70))])];
    const r = await suggestOn(steps, df);
    expect(r.proposedDockerfile).toBe(['FROM node:20', 'WORKDIR /srv', 'COPY --chown=node:node package*.json /app/', 'WORKDIR /app', 'RUN npm ci', 'COPY --chown=node:node . /app', ''].join('\n'));
  });

  it('names go.sum and Gemfile.lock only when the image shows them', async () => {
    const df = ['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go mod download && bundle install', ''].join('\n');
    const steps = [OS, nop('WORKDIR /src'), copy('.', [file('src/go.mod', 'module x\n'), file('src/go.sum', 'x\n'), file('src/Gemfile', 'x\n')]), run('go mod download && bundle install', [file('root/go/pkg/mod/x', body(10))])];
    const r = await suggestOn(steps, df);
    expect(r.proposedDockerfile).toBe(['FROM golang:1.22', 'WORKDIR /src', 'COPY go.mod go.sum Gemfile ./', 'RUN go mod download && bundle install', 'COPY . .', ''].join('\n'));
  });

  it('only moves the context when the dependency files are copied on their own already', async () => {
    const df = ['FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'COPY . .', 'RUN pip install -r requirements.txt', ''].join('\n');
    const steps = [OS, nop('WORKDIR /app'), copy('.', [file('app/requirements.txt', 'flask\n')]), copy('.', [file('app/app.py', body(5))]), run('pip install -r requirements.txt', [SITE])];
    const r = await suggestOn(steps, df);
    expect(r.proposedDockerfile).toBe(['FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'COPY . .', ''].join('\n'));
  });

  it('says nothing when the install comes first, and lowers the confidence when a RUN between may need the code', async () => {
    const good = ['FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'COPY . .', ''].join('\n');
    const steps = [OS, nop('WORKDIR /app'), copy('.', [file('app/requirements.txt', 'flask\n')]), run('pip install -r requirements.txt', [SITE]), copy('.', [file('app/app.py', body(5))])];
    expect((await suggestOn(steps, good)).of('copy-order')).toEqual([]);

    const df = ['FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN python setup.py build_ext', 'RUN pip install -r requirements.txt', ''].join('\n');
    const r = await suggestOn([OS, nop('WORKDIR /app'), copy('.', [file('app/requirements.txt', 'flask\n')]), run('python setup.py build_ext', [file('app/x.so', body(5))]), run('pip install -r requirements.txt', [SITE])], df);
    const s = r.one('copy-order');
    expect(s.confidence).toBe('low');
    expect(s.rationale).toContain('Check that line 4 does not need the code');
  });

  it('checks build stages too, at lower confidence and without bytes', async () => {
    const df = ['FROM node:20 AS build', 'WORKDIR /app', 'COPY . .', 'RUN yarn install', 'FROM nginx:1.25', 'COPY --from=build /app/dist /usr/share/nginx/html', ''].join('\n');
    const r = await suggestOn([OS, { createdBy: '/bin/sh -c #(nop) COPY dir:abc in /usr/share/nginx/html', entries: [file('usr/share/nginx/html/index.html', body(5))] }], df);
    const s = r.one('copy-order');
    expect(s).toMatchObject({ confidence: 'medium', layer: null });
    expect(s.rationale).toContain('(build stage build)');
    expect(r.proposedDockerfile).toBe(['FROM node:20 AS build', 'WORKDIR /app', 'COPY package.json yarn.lock ./', 'RUN yarn install', 'COPY . .', 'FROM nginx:1.25', 'COPY --from=build /app/dist /usr/share/nginx/html', ''].join('\n'));
  });
});
