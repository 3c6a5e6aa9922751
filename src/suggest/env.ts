import type { ImageConfig } from '../model';

/** The image config's ENV as a map (a later `NAME=` wins, as the engine applies it). */
export function configEnv(config: ImageConfig): Map<string, string> {
  const env = new Map<string, string>();
  for (const kv of config.env) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return env;
}
