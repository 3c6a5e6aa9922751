import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { InputError } from '../../errors';
import { readArchiveStream } from './archive-stream';
import type { ImageSource, LayerConsumer, PlanListener, SourceImage } from './types';

/** The few engine calls imgdiet makes; injected so that tests can reach error paths a real engine cannot. */
export interface EngineClient {
  /** Where the engine is, for messages. */
  readonly address: string;
  inspect(name: string): Promise<{ Id: string; Size?: number; RootFS?: { Layers?: string[] } }>;
  /** What `docker save NAME` writes, as a stream. */
  save(name: string): Promise<Readable>;
}

/** Where a dockerode client talks to, for messages. */
export function modemAddress(modem: unknown): string {
  const m = modem as { socketPath?: unknown; host?: string; port?: number | string };
  // Without DOCKER_HOST, docker-modem's socketPath is a function that finds the default socket.
  const socket = typeof m.socketPath === 'string' ? m.socketPath : typeof m.socketPath === 'function' ? '/var/run/docker.sock' : null;
  return socket ? `unix://${socket}` : `${m.host}:${m.port}`;
}

/** dockerode with its defaults, which honour DOCKER_HOST (and DOCKER_TLS_VERIFY / DOCKER_CERT_PATH). */
export function dockerodeClient(): EngineClient {
  // Loaded here, not at the top: it is the slowest module to load, and archives do not need it.
  const DockerClass = require('dockerode') as typeof Docker;
  const docker = new DockerClass();
  return {
    address: modemAddress(docker.modem),
    inspect: (name) => docker.getImage(name).inspect(),
    save: async (name) => (await docker.getImage(name).get()) as unknown as Readable,
  };
}

/** An image in the local Docker engine, read from the `docker save` stream: no temp file. */
export class EngineSource implements ImageSource {
  readonly transport = 'docker-daemon' as const;
  private readonly client: EngineClient;
  constructor(
    readonly name: string,
    client?: EngineClient,
  ) {
    this.client = client ?? dockerodeClient();
  }

  async read<T>(consume: LayerConsumer<T>, plan?: PlanListener): Promise<SourceImage<T>> {
    try {
      const image = await this.client.inspect(this.name);
      // The engine's Size is the layers' content; `docker save` adds tar headers, so the bar may end a little early.
      const layers = image.RootFS?.Layers?.length;
      if (layers !== undefined) plan?.({ layers, bytes: typeof image.Size === 'number' ? image.Size : null });
    } catch (err) {
      throw this.explain(err);
    }
    let stream: Readable;
    try {
      stream = await this.client.save(this.name);
    } catch (err) {
      throw this.explain(err);
    }
    return readArchiveStream(stream, consume, { where: `docker-daemon:${this.name}` });
  }

  private explain(err: unknown): InputError {
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode === 404) {
      return new InputError(`image ${this.name} is not in the Docker engine at ${this.client.address}; build or pull it first, or give an archive path`, { cause: err });
    }
    if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES' || e.code === 'ETIMEDOUT') {
      return new InputError(`cannot reach the Docker engine at ${this.client.address} (${e.code}); start dockerd or set DOCKER_HOST`, { cause: err });
    }
    return new InputError(`Docker engine at ${this.client.address} failed for ${this.name}: ${e.message ?? String(err)}`, { cause: err });
  }
}
