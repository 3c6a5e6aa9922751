import {
  autoInstalled,
  bareName,
  closure,
  installedByHand,
  installedPackages,
  isInstalled,
  isRequired,
  onlyRecommended,
  parseStatus,
  relations,
} from '../../src/analyze/packages/dpkg-status';
import { parseStanzas } from '../../src/analyze/packages/tree';

/** A status text: an app with every kind of relation, a cycle (a ⇄ b), a removed package and a multiarch twin. */
const STATUS = `Package: app
Status: install ok installed
Priority: optional
Architecture: amd64
Version: 1.0-1
Pre-Depends: dpkg (>= 1.19)
Depends: libssl3:amd64 (>= 3.0), mail-transport-agent | exim4, python3:any [amd64], libgone
Recommends: ca-certificates, docs <!nodoc>
Description: the app
 with a continuation line

Package: dpkg
Status: install ok installed
Essential: yes
Architecture: amd64
Version: 1.21.22

Package: libssl3
Status: install ok installed
Architecture: amd64
Version: 3.0.11
Depends: libc6 (>= 2.34)

Package: libssl3
Status: install ok installed
Architecture: i386
Version: 3.0.11
Depends: libc6:i386 (>= 2.34)
Priority: important

Package: libc6
Status: hold ok installed
Priority: required
Architecture: amd64
Version: 2.36-9

Package: postfix
Status: install ok installed
Architecture: amd64
Version: 3.7
Provides: mail-transport-agent
Depends: cycle-a

Package: cycle-a
Status: install ok installed
Architecture: all
Version: 1
Depends: cycle-b

Package: cycle-b
Status: install ok installed
Architecture: all
Version: 1
Depends: cycle-a

Package: python3
Status: install ok installed
Architecture: amd64
Version: 3.11

Package: ca-certificates
Status: install ok installed
Architecture: all
Version: 2023
Depends: openssl

Package: openssl
Status: install ok installed
Architecture: amd64
Version: 3.0.11

Package: docs
Status: install ok installed
Architecture: all
Version: 1

Package: libgone
Status: deinstall ok config-files
Architecture: amd64
Version: 0.9
`;

describe('dpkg status', () => {
  it('reads every stanza that names a package, installed or not', () => {
    const entries = parseStatus(STATUS);
    expect(entries.map((e) => `${e.name}:${e.arch}=${e.version}`)).toEqual([
      'app:amd64=1.0-1',
      'dpkg:amd64=1.21.22',
      'libssl3:amd64=3.0.11',
      'libssl3:i386=3.0.11',
      'libc6:amd64=2.36-9',
      'postfix:amd64=3.7',
      'cycle-a:all=1',
      'cycle-b:all=1',
      'python3:amd64=3.11',
      'ca-certificates:all=2023',
      'openssl:amd64=3.0.11',
      'docs:all=1',
      'libgone:amd64=0.9',
    ]);
    expect(entries.filter((e) => !isInstalled(e.status)).map((e) => e.name)).toEqual(['libgone']);
    expect(parseStatus('Package: distroless\nVersion: 1\n')).toEqual([{ name: 'distroless', version: '1', arch: '', status: undefined }]);
    expect(isInstalled(undefined)).toBe(false);
    // Parsed once and shared (Tree.stanzas): the stanzas give what the text gives.
    expect(parseStatus(parseStanzas(STATUS))).toEqual(entries);
    expect(installedPackages(parseStanzas(STATUS))).toEqual(installedPackages(STATUS));
  });

  it('keeps the installed packages with their relations, multiarch twins joined', () => {
    const db = installedPackages(STATUS);
    expect([...db.keys()]).toEqual(['app', 'dpkg', 'libssl3', 'libc6', 'postfix', 'cycle-a', 'cycle-b', 'python3', 'ca-certificates', 'openssl', 'docs']);
    expect(db.get('app')).toEqual({
      name: 'app',
      priority: 'optional',
      essential: false,
      depends: [['dpkg'], ['libssl3'], ['mail-transport-agent', 'exim4'], ['python3'], ['libgone']],
      recommends: [['ca-certificates'], ['docs']],
      provides: [],
    });
    expect(db.get('libssl3')).toEqual({ name: 'libssl3', priority: '', essential: false, depends: [['libc6'], ['libc6']], recommends: [], provides: [] });
    expect(db.get('postfix')?.provides).toEqual(['mail-transport-agent']);
    expect(['dpkg', 'libc6', 'app'].map((n) => isRequired(db.get(n)!))).toEqual([true, true, false]);
  });

  it('reads relation fields and names', () => {
    expect(relations('a (>= 1) | b:any [amd64], c <!nocheck>, , d:i386')).toEqual([['a', 'b'], ['c'], ['d']]);
    expect(relations(undefined)).toEqual([]);
    expect(['libc6:amd64', 'python3:any', 'bash'].map(bareName)).toEqual(['libc6', 'python3', 'bash']);
  });

  it('follows Pre-Depends, Depends, every installed alternative and providers, through a cycle', () => {
    const db = installedPackages(STATUS);
    expect([...closure(db, ['app'])].sort()).toEqual(['app', 'cycle-a', 'cycle-b', 'dpkg', 'libc6', 'libssl3', 'postfix', 'python3']);
    expect([...closure(db, ['cycle-b', 'not-installed'])].sort()).toEqual(['cycle-a', 'cycle-b']);
  });

  it('follows Recommends when asked, only first alternatives, and stays within', () => {
    const db = installedPackages(STATUS);
    expect([...closure(db, ['app'], { recommends: true })].sort()).toEqual([
      'app', 'ca-certificates', 'cycle-a', 'cycle-b', 'docs', 'dpkg', 'libc6', 'libssl3', 'openssl', 'postfix', 'python3',
    ]);
    // mail-transport-agent is virtual: without Provides, nothing stands for it.
    expect([...closure(db, ['app'], { firstOnly: true })].sort()).toEqual(['app', 'dpkg', 'libc6', 'libssl3', 'python3']);
    expect([...closure(db, ['app'], { within: (n) => n !== 'libssl3' && n !== 'postfix' })].sort()).toEqual(['app', 'dpkg', 'python3']);
    expect([...closure(db, ['app'], { within: (n) => n !== 'app' })]).toEqual([]);
  });

  it('tells what only a Recommends kept', () => {
    const db = installedPackages(STATUS);
    expect([...onlyRecommended(db, ['app'])].sort()).toEqual(['ca-certificates', 'docs', 'openssl']);
    expect([...onlyRecommended(db, ['app', 'ca-certificates'])].sort()).toEqual(['docs']);
  });

  it("reads apt's auto-installed marks", () => {
    const auto = autoInstalled('Package: libssl3\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: app\nArchitecture: amd64\nAuto-Installed: 0\n\nPackage: docs\nAuto-Installed: 1\n');
    expect([...auto]).toEqual(['libssl3', 'docs']);
    const installed = installedPackages(STATUS);
    expect([...installedByHand({ installed, auto })!]).toEqual(['app', 'dpkg', 'libc6', 'postfix', 'cycle-a', 'cycle-b', 'python3', 'ca-certificates', 'openssl']);
    expect(installedByHand({ installed, auto: null })).toBeNull();
  });
});
