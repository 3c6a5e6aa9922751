import type { ImageConfig } from '../model';
import { basename } from '../util/paths';

/** What the container starts by default, as the engine builds it from the config. */
export interface MainCommand {
  /** ENTRYPOINT followed by CMD (CMD is its arguments), or CMD alone. */
  argv: string[];
  /** The instruction whose first word becomes PID 1. */
  from: 'ENTRYPOINT' | 'CMD';
}

/** The default command, or null when the image sets neither ENTRYPOINT nor CMD. */
export function mainCommand(config: ImageConfig): MainCommand | null {
  const entrypoint = config.entrypoint ?? [];
  const cmd = config.cmd ?? [];
  if (entrypoint.length > 0) return { argv: [...entrypoint, ...cmd], from: 'ENTRYPOINT' };
  if (cmd.length > 0) return { argv: cmd, from: 'CMD' };
  return null;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/** The script of a shell form (`/bin/sh -c SCRIPT`, also `-ec`, `-xc`…), or null. */
export function shellScript(argv: string[]): string | null {
  if (argv.length >= 3 && SHELLS.has(basename(argv[0])) && /^-[a-z]*c$/.test(argv[1])) return argv[2];
  return null;
}

/** A shell script cut into words, roughly: at blanks and operators, quotes dropped. Enough to spot programs. */
export function scriptWords(script: string): string[] {
  return script
    .split(/[\s;&|()`]+/)
    .map((w) => w.replace(/^['"]+|['"]+$/g, ''))
    .filter((w) => w !== '');
}

/** Every word the default command runs: a shell form's script cut into words, other arguments as they are. */
export function commandWords(argv: string[]): string[] {
  const script = shellScript(argv);
  return script === null ? argv : [argv[0], ...scriptWords(script), ...argv.slice(3)];
}

/**
 * Drops what runs another program in its own place: `env` (with its options and VAR=value words), and `exec`
 * and VAR=value words at the start of a script.
 */
export function skipWrappers(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i];
    if (w === 'exec' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (basename(w) === 'env') {
      i++;
      while (i < words.length && (words[i].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]))) {
        // Options of env that take the next word.
        if (['-u', '--unset', '-C', '--chdir'].includes(words[i])) i++;
        i++;
      }
    } else break;
  }
  return words.slice(i);
}
