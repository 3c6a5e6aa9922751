import type { InstructionKind } from '../../model';

const KINDS = new Set<InstructionKind>([
  'FROM', 'RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'LABEL', 'CMD', 'ENTRYPOINT', 'WORKDIR', 'USER', 'EXPOSE',
  'VOLUME', 'HEALTHCHECK', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER',
]);

/**
 * Turns a history `created_by` into the instruction a person wrote:
 * `/bin/sh -c #(nop)  CMD ["x"]` → `CMD ["x"]`; `/bin/sh -c apt-get update` → `RUN apt-get update`;
 * `|2 A=1 B=2 /bin/sh -c make` → `RUN make`; BuildKit's `RUN /bin/sh -c make # buildkit` → `RUN make`.
 */
export function normalizeInstruction(createdBy: string): { instruction: string; kind: InstructionKind } {
  let text = createdBy.trim().replace(/\s*# buildkit$/, '');
  let kind: InstructionKind | null = null;
  const first = /^([A-Za-z]+)\b\s*/.exec(text);
  if (first && KINDS.has(first[1].toUpperCase() as InstructionKind) && first[1] === first[1].toUpperCase()) {
    kind = first[1] as InstructionKind;
    text = text.slice(first[0].length);
  }
  if (kind === null || kind === 'RUN') {
    // Build args the legacy builder and BuildKit put before the shell: `|N K=V … `.
    const args = /^\|(\d+)\s+/.exec(text);
    if (args) text = skipWords(text.slice(args[0].length), Number(args[1]));
    const shell = /^\/bin\/(?:ba)?sh -c\s+/.exec(text);
    if (shell) {
      text = text.slice(shell[0].length);
      const nop = /^#\(nop\)\s*/.exec(text);
      if (nop) return normalizeInstruction(text.slice(nop[0].length));
      kind = 'RUN';
    } else if (args) {
      // Only RUN records build args, so `|N …` is a RUN even in exec form, where there is no shell.
      kind = 'RUN';
    }
  }
  if (kind === null) return { instruction: text, kind: 'OTHER' };
  return { instruction: text === '' ? kind : `${kind} ${text}`, kind };
}

function skipWords(text: string, n: number): string {
  let rest = text;
  for (let i = 0; i < n; i++) rest = rest.replace(/^\S+\s*/, '');
  return rest;
}
