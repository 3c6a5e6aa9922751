/**
 * Sizes of official image variants, linux/amd64, shipped as data. Every figure was read from a published page and
 * is cited with it; a variant whose size could not be sourced is left out, never estimated.
 *
 * Source: docker-library/repo-info, `repos/<repo>/local/<tag>.md` — the Docker Official Images' own record of each
 * tag, written by its `scan-local.sh`: "Virtual Size: ~ N Mb (total size of all layers on-disk)", which is
 * `docker inspect -f '{{ .VirtualSize }}'` divided by 1000 (Kb), 1000² (Mb) or 1000³ (Gb) and printed with two
 * decimals. That is the uncompressed size of all layers — the same measure as imgdiet's layer bytes, so no
 * conversion is made; the rounding leaves ±5,000 B for Mb figures and ±5,000,000 B for Gb figures (`precision`).
 * The exception is distroless static, which its README only gives as "around 2 MiB", measure unstated.
 *
 * Each entry names the file, the commit of repo-info it was read at, the exact image (tag and id) the figure
 * describes and when that image was created. Read on CATALOG_READ; images are rebuilt often, so a size measured
 * live replaces the figure here: the engine's when it holds the candidate, else a registry's (analyze/base/
 * registry-sizes.ts, the layers streamed and measured).
 */

export type Variant = 'full' | 'slim' | 'alpine' | 'distroless';

export interface CatalogEntry {
  /** Repository as written in FROM (Docker Hub official images without `library/`). */
  repo: string;
  /** The tag line: the version a user pins (`3.13`, `22`, `1.26`, `21`), or a Debian/Ubuntu release. */
  line: string;
  /** `slim` is the smaller variant on the same libc: `-slim` tags, Temurin's JRE. */
  variant: Variant;
  /** Distribution release of the variant (`bookworm`, `trixie`, `noble`, `alpine3.24`). */
  distro: string;
  /** The published tag the figure belongs to, as a user would write it. */
  tag: string;
  /** Size in bytes, uncompressed unless `measure` says otherwise. */
  bytes: number;
  measure: 'uncompressed' | 'unstated';
  /** ± bytes from the source's rounding. */
  precision: number;
  source: CatalogSource;
}

export interface CatalogSource {
  /** `owner/name` of the repository, or the page's URL. */
  where: string;
  path?: string;
  commit?: string;
  /** The image the figure describes: its full tag and image id, or what the page says. */
  image: string;
  /** When that image was created (its config's `created`). */
  created?: string;
}

/** The day the figures were read. */
export const CATALOG_READ = '2026-11-26';

const MB = 1_000_000;
const GB = 1_000_000_000;
const REPO_INFO = 'docker-library/repo-info';

function info(path: string, commit: string, image: string, created: string): CatalogSource {
  return { where: REPO_INFO, path, commit, image, created };
}

/** Entries from repo-info's "Virtual Size" (Mb figures: ±5 kB; Gb figures: ±5 MB). */
function mb(value: number): { bytes: number; measure: 'uncompressed'; precision: number } {
  return { bytes: Math.round(value * MB), measure: 'uncompressed', precision: 5_000 };
}
function gb(value: number): { bytes: number; measure: 'uncompressed'; precision: number } {
  return { bytes: Math.round(value * GB), measure: 'uncompressed', precision: 5_000_000 };
}

export const CATALOG: readonly CatalogEntry[] = [
  // python
  { repo: 'python', line: '3.13', variant: 'full', distro: 'bookworm', tag: '3.13-bookworm', ...gb(1.02),
    source: info('repos/python/local/3.13-bookworm.md', '0e668e1ed259dd5d546401c8143a68214fb81af8', 'python:3.13.14-bookworm sha256:8716c811e3b124ddc8e314573cdee5dd7b713aefa0a1509c644e1ce0c88cdeb3', '2026-07-14') },
  { repo: 'python', line: '3.13', variant: 'slim', distro: 'bookworm', tag: '3.13-slim-bookworm', ...mb(120.97),
    source: info('repos/python/local/3.13-slim-bookworm.md', '6cb269bacb2ec7c48739894a0edb63acc8f63a6e', 'python:3.13.15-slim-bookworm sha256:d38d65aece7be17f39b369bd50d49f52c96f9409cb30a86cd1ce02d03e4afb8f', '2026-08-25') },
  { repo: 'python', line: '3.13', variant: 'full', distro: 'trixie', tag: '3.13-trixie', ...gb(1.11),
    source: info('repos/python/local/3.13-trixie.md', '0e668e1ed259dd5d546401c8143a68214fb81af8', 'python:3.13.14-trixie sha256:cdc43494f48aa4494629fd738959f987cd5101eda219b2026778f01824f085ff', '2026-07-14') },
  { repo: 'python', line: '3.13', variant: 'slim', distro: 'trixie', tag: '3.13-slim-trixie', ...mb(118.06),
    source: info('repos/python/local/3.13-slim-trixie.md', 'e93beb259b1d2fc9da9b735fe65ae112149f1789', 'python:3.13.15-slim-trixie sha256:9351a9a0a697a69e156f8bd067dd5ef3f9fa9b110abbdbbda1f343c622c7adc0', '2026-08-10') },
  { repo: 'python', line: '3.13', variant: 'alpine', distro: 'alpine3.24', tag: '3.13-alpine', ...mb(45.58),
    source: info('repos/python/local/3.13-alpine.md', 'e93beb259b1d2fc9da9b735fe65ae112149f1789', 'python:3.13.15-alpine3.24 sha256:71f0863f2f9416689bca3637943b882a53922ca65b20f833fdce60d658d7b0ec', '2026-08-10') },
  { repo: 'python', line: '3.12', variant: 'full', distro: 'bookworm', tag: '3.12-bookworm', ...gb(1.02),
    source: info('repos/python/local/3.12-bookworm.md', '0212f5911e32998c4e385c115689aa1c9125c10d', 'python:3.12.14-bookworm sha256:4a545b585af74088149994e3319fdc270e3a3f13181d23ed955a2a42261ee17b', '2026-08-13') },
  { repo: 'python', line: '3.12', variant: 'slim', distro: 'bookworm', tag: '3.12-slim-bookworm', ...mb(124.3),
    source: info('repos/python/local/3.12-slim-bookworm.md', '33cda30be5833831143d1c93663f1ca38d85d049', 'python:3.12.13-slim-bookworm sha256:64d91f7b885eed272bba87909446b12ff408d4aaa5f1a0e9ca787bbea1a020b9', '2026-08-05') },
  { repo: 'python', line: '3.12', variant: 'slim', distro: 'trixie', tag: '3.12-slim-trixie', ...mb(119.42),
    source: info('repos/python/local/3.12-slim-trixie.md', '87d2c47713d426149a0b9e05abd3f4e6878051e0', 'python:3.12.14-slim-trixie sha256:9e87977b867847e186d066f531ef783b006d582a985c341c269446088d90f2c4', '2026-09-19') },
  { repo: 'python', line: '3.12', variant: 'alpine', distro: 'alpine3.23', tag: '3.12-alpine', ...mb(48.84),
    source: info('repos/python/local/3.12-alpine3.23.md', '0212f5911e32998c4e385c115689aa1c9125c10d', 'python:3.12.14-alpine3.23 sha256:24838c2ec356ba349cb314cd225ae45ee9a786a556bac4ac1cc803cb951da28e', '2026-08-13') },
  // node
  { repo: 'node', line: '22', variant: 'full', distro: 'trixie', tag: '22-trixie', ...gb(1.22),
    source: info('repos/node/local/22-trixie.md', '2efb558329973499846972375bafd10bc9f37f25', 'node:22-trixie (NODE_VERSION 22.23.1) sha256:0c36febc70a724e3d313c7dc1ce2aa94782f843f363a46565645a9ecf6245613', '2026-06-24') },
  { repo: 'node', line: '22', variant: 'slim', distro: 'trixie', tag: '22-trixie-slim', ...mb(231.41),
    source: info('repos/node/local/22-trixie-slim.md', '0c63794eb7b15bb953ec5650f8439f2b7b6ad2f7', 'node:22-trixie-slim (NODE_VERSION 22.23.2) sha256:37d261af2f28c985300159907b3575517a8d9f1f2f59a64d9c35d61dab65d030', '2026-08-25') },
  { repo: 'node', line: '22', variant: 'slim', distro: 'bookworm', tag: '22-bookworm-slim', ...mb(227.33),
    source: info('repos/node/local/22-bookworm-slim.md', 'c788e9082e5800a24a3bd573fadf71c3c866d833', 'node:22-bookworm-slim (NODE_VERSION 22.23.1) sha256:bd16adabad7619222d4d0ab2d61f48391dacde03ad93f54d344683e326cbd0e2', '2026-07-14') },
  { repo: 'node', line: '22', variant: 'alpine', distro: 'alpine3.23', tag: '22-alpine', ...mb(167.63),
    source: info('repos/node/local/22-alpine3.23.md', '680e90cf33798bbbf2010b0100255d091c02fcc0', 'node:22-alpine3.23 (NODE_VERSION 22.23.2) sha256:51491ef98a57f1be5dd082023084d48acbf02358a022884ba5ba17598924ee8f', '2026-09-17') },
  // golang: no slim variant is published
  { repo: 'golang', line: '1.26', variant: 'full', distro: 'bookworm', tag: '1.26-bookworm', ...mb(833.46),
    source: info('repos/golang/local/1.26-bookworm.md', '8874cb10ff4d592b8911747bfca024809c144ddc', 'golang:1.26.7-bookworm sha256:c855a46b5bc25492e8a2a39ae4a6286347f71ed897dfaaf15be314708192e1c8', '2026-08-19') },
  { repo: 'golang', line: '1.26', variant: 'alpine', distro: 'alpine3.23', tag: '1.26-alpine', ...mb(241.35),
    source: info('repos/golang/local/1.26-alpine3.23.md', '165f4fa1a0b5a30420bb29d16907f1eb75efd8ea', 'golang:1.26.6-alpine3.23 sha256:f57ed731a5e3d43457d64b67948571c6888ee4ed197a513411e8e9c9af266d50', '2026-08-13') },
  // ruby
  { repo: 'ruby', line: '3.4', variant: 'slim', distro: 'bookworm', tag: '3.4-slim-bookworm', ...mb(157.76),
    source: info('repos/ruby/local/3.4-slim-bookworm.md', '6aad12d9ac16c7c5073141bdf974fd9d2e0e7d01', 'ruby:3.4.10-slim-bookworm sha256:3ca685844f5d1b345bc7e09f6125a6937e3abe372de943fe5fb197aa975d947e', '2026-07-14') },
  { repo: 'ruby', line: '3.4', variant: 'alpine', distro: 'alpine3.23', tag: '3.4-alpine', ...mb(76.99),
    source: info('repos/ruby/local/3.4-alpine3.23.md', '036ac3d9a0d6cb427c78373c898e0f8e7088175a', 'ruby:3.4.10-alpine3.23 sha256:b0e9b952bd31e31c8a8febf72dc7098905e9aca5cb8bb5aff2501c74205c7eb7', '2026-07-01') },
  // eclipse-temurin (the maintained OpenJDK builds; the `openjdk` repository is deprecated): the JRE is its slim
  { repo: 'eclipse-temurin', line: '21', variant: 'full', distro: 'noble', tag: '21-jdk-noble', ...mb(448.57),
    source: info('repos/eclipse-temurin/local/21-jdk-noble.md', '1be336ef78c7070878af4d043bb789c919f4c71b', 'eclipse-temurin:21.0.11_10-jdk-noble sha256:cc566e6221751ade3539e4e9891ab84f30f61293806fabe15dda2805f12b4494', '2026-07-02') },
  { repo: 'eclipse-temurin', line: '21', variant: 'slim', distro: 'noble', tag: '21-jre-noble', ...mb(287.54),
    source: info('repos/eclipse-temurin/local/21-jre-noble.md', '28e979c7578968367dbfccf2c3455f1369913b40', 'eclipse-temurin:21.0.12_8-jre-noble sha256:7f59d42a1df05989282c173be22f51bb97925725a2f5c8f7b0fb3a96887607bb', '2026-08-21') },
  // debian
  { repo: 'debian', line: 'bookworm', variant: 'full', distro: 'bookworm', tag: 'bookworm', ...mb(116.57),
    source: info('repos/debian/local/bookworm-20260824.md', '029a6a7362cedcc060abd73f6f43fda5c5728880', 'debian:bookworm sha256:39db83443324e7ef683bd854a90c6615741fecbfe005bc10228129e03af1e950', '2026-08-24') },
  { repo: 'debian', line: 'bookworm', variant: 'slim', distro: 'bookworm', tag: 'bookworm-slim', ...mb(74.83),
    source: info('repos/debian/local/bookworm-20260824-slim.md', '029a6a7362cedcc060abd73f6f43fda5c5728880', 'debian:bookworm-slim sha256:160466e67bb85a4099d9d9c2356b4a6a64747b281a22c142efbd4539db1b8525', '2026-08-24') },
  { repo: 'debian', line: 'trixie', variant: 'full', distro: 'trixie', tag: 'trixie', ...mb(119.88),
    source: info('repos/debian/local/13.6.md', '857995decdc769ab0c21e3a1f111f94c6e054192', 'debian:trixie sha256:b67c8a175d84bbbf1b674f66b32ad0ad246e962ac52a80de5a4014c375683d18', '2026-07-13') },
  { repo: 'debian', line: 'trixie', variant: 'slim', distro: 'trixie', tag: 'trixie-slim', ...mb(78.64),
    source: info('repos/debian/local/13.6-slim.md', '354b6f179d053481ade47c74d15a75e1e9ed0a83', 'debian:trixie-slim sha256:e426a54f50cc4cf82dd5cab8ba8426ed02c391840cb5a62dfd987542dbabea3b', '2026-08-24') },
  // ubuntu: no smaller official variant is published
  { repo: 'ubuntu', line: '24.04', variant: 'full', distro: 'noble', tag: '24.04', ...mb(78.16),
    source: info('repos/ubuntu/local/24.04.md', '34e0037a44e0990e8bd1ee7cc265e12874b1c0ed', 'ubuntu:24.04 sha256:a6f81fb630d51837271b89f8193810a5fc493fa4f30a55d7ebcdb3a66f3cc63a', '2026-08-17') },
  // distroless: the README's round figure only
  { repo: 'gcr.io/distroless/static-debian12', line: '', variant: 'distroless', distro: 'bookworm', tag: 'latest', bytes: 2 * 1024 * 1024, measure: 'unstated', precision: 1024 * 1024,
    source: { where: 'https://raw.githubusercontent.com/GoogleContainerTools/distroless/main/README.md', image: 'README: "The smallest distroless image, gcr.io/distroless/static-debian12, is around 2 MiB"' } },
];
