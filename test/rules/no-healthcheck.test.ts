import { run } from '../helpers/analyze-built';
import { file, removeTemps } from '../helpers/image-builder';
import { findingsOf } from '../helpers/rules';

afterAll(removeTemps);

const steps = [run('x', [file('app/x', '1')])];

describe('no-healthcheck', () => {
  it('fires when the config has no healthcheck, or disables it with NONE', async () => {
    for (const config of [{}, { Healthcheck: { Test: ['NONE'] } }]) {
      const found = await findingsOf('no-healthcheck', steps, { config });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ category: 'practice', severity: 'low', message: 'The image defines no HEALTHCHECK' });
    }
  });

  it('does not fire with a HEALTHCHECK', async () => {
    const config = { Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], Interval: 30e9 } };
    expect(await findingsOf('no-healthcheck', steps, { config })).toEqual([]);
  });
});
