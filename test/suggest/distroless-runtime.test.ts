/**
 * USER and tini in a distroless runtime stage, which multi-stage adds for a cgo-free Go build. A stand-in for
 * multi-stage makes that stage here (a real one needs a Go toolchain in the image); user and init are the real
 * suggesters, composed by the real runner.
 */
import { finalStage } from '../../src/dockerfile/parse';
import type { Suggester } from '../../src/suggest/types';
import { file } from '../helpers/image-builder';
import { base, body, nop, run, suggestOn } from './dockerfile-image';

jest.mock('../../src/suggest/list', () => {
  const { user } = jest.requireActual('../../src/suggest/rules/user');
  const { init } = jest.requireActual('../../src/suggest/rules/init');
  const runtimeStage: Suggester = {
    meta: { id: 'multi-stage', title: 'stand-in', description: 'test stand-in' },
    suggest: (ctx) => {
      const d = ctx.dockerfile;
      if (!d) return [];
      const stage = finalStage(d);
      const last = d.instructions[d.instructions.length - 1];
      return [
        {
          bytes: 1,
          confidence: 'low',
          rationale: 'stand-in',
          findings: [],
          layer: null,
          edits: [
            { op: 'replace', at: stage.from, lines: ['FROM golang:1.22 AS build'] },
            { op: 'after', at: last, lines: ['', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /out/app /app', 'CMD ["/app"]'] },
          ],
        },
      ];
    },
  };
  return { SUGGESTERS: [runtimeStage, user, init] };
});

const GOLANG = base([
  file('etc/os-release', 'ID=debian\nVERSION_ID="12"\n'),
  file('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\n'),
  file('usr/sbin/useradd', body(10)),
  file('usr/bin/apt-get', body(10)),
  file('var/lib/dpkg/status', 'Package: libc6\nStatus: install ok installed\n'),
]);
const DF = ['FROM golang:1.22', 'RUN go build -o /out/app .', 'CMD ["/out/app"]', ''].join('\n');

describe('settings of the running container in a distroless runtime stage', () => {
  it('switch to its nonroot user and copy in the static tini the build stage installs', async () => {
    const r = await suggestOn([GOLANG, run('go build -o /out/app .', [file('out/app', body(20))]), nop('CMD ["/out/app"]')], DF, { config: { Cmd: ['/out/app'] } });
    expect(r.proposedDockerfile).toBe(
      [
        'FROM golang:1.22 AS build',
        'RUN apt-get update && apt-get install -y --no-install-recommends tini && apt-get clean && rm -rf /var/lib/apt/lists/*',
        'RUN go build -o /out/app .',
        'CMD ["/out/app"]',
        '',
        'FROM gcr.io/distroless/static-debian12',
        'COPY --from=build /usr/bin/tini-static /tini',
        'COPY --from=build /out/app /app',
        'USER nonroot:nonroot',
        'ENTRYPOINT ["/tini", "--"]',
        'CMD ["/app"]',
        '',
      ].join('\n'),
    );
  });
});
