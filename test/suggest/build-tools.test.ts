import type { ImageConfig, Package } from '../../src/model';
import { osBuildTools, toolRuntimes } from '../../src/suggest/build-tools';

const config = (cmd: string[], entrypoint: string[] | null = null): ImageConfig => ({ user: '', entrypoint, cmd, env: [], workingDir: '/app', exposedPorts: [], labels: {}, stopSignal: null, healthcheck: null });
const deb = (name: string, layer = 2, manager: Package['manager'] = 'dpkg'): Package => ({ manager, name, version: '1', bytes: 100, layer, buildOnly: false, source: 'var/lib/dpkg/status' });

describe('build tools', () => {
  const pkgs = [deb('nodejs'), deb('npm'), deb('node-gyp'), deb('python3-pip'), deb('python3.11-venv'), deb('python3-flask'), deb('openjdk-17-jdk-headless'), deb('default-jdk'), deb('npm', 0), deb('py3-pip', 2, 'apk'), deb('maven:amd64')];

  it("are the image's package managers and build tools the command does not run, not its runtimes or libraries, not the base's", () => {
    expect(osBuildTools(pkgs, 1, config(['node', 'server.js'])).map((p) => `${p.name}@${p.layer}`)).toEqual([
      'npm@2', 'node-gyp@2', 'python3-pip@2', 'python3.11-venv@2', 'openjdk-17-jdk-headless@2', 'default-jdk@2', 'py3-pip@2', 'maven:amd64@2',
    ]);
  });

  it('are not tools when the command runs them (npm start, a shell form that runs mvn)', () => {
    const names = (c: ImageConfig): string[] => osBuildTools(pkgs, 1, c).map((p) => p.name);
    expect(names(config(['npm', 'start']))).not.toContain('npm');
    expect(names(config(['/bin/sh', '-c', 'mvn -q spring-boot:run']))).not.toContain('maven:amd64');
  });

  it("put a JDK's JRE in the runtime stage in its place", () => {
    expect(toolRuntimes(osBuildTools(pkgs, 1, config(['java', '-jar', 'app.jar'])))).toEqual(['default-jre-headless', 'openjdk-17-jre-headless']);
    expect(toolRuntimes([deb('openjdk17-jdk', 2, 'apk')])).toEqual(['openjdk17-jre-headless']);
  });
});
