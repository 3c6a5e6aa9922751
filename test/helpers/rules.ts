/** Runs the whole analysis on an in-memory image and picks out one rule's findings. */
import type { Finding } from '../../src/model';
import { analyzeSteps } from './analyze-built';
import type { ImageSpec, Step } from './image-builder';

export async function findingsOf(id: string, steps: Step[], spec: Omit<ImageSpec, 'steps'> = {}): Promise<Finding[]> {
  const { analysis } = await analyzeSteps(steps, spec);
  return analysis.findings.filter((f) => f.id === id);
}
