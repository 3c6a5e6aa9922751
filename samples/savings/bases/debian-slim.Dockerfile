# Stand-in for debian:bookworm-slim, made the way the official slim variant is: dpkg told to leave out
# documentation, manual pages and translations (for later installs too), and those already there removed.
# The harness builds this, then flattens the container into one layer (docker export | docker import) as
# imgdiet-test/debian:bookworm-slim, so the removed files are not stored underneath.
FROM imgdiet-test/debian:bookworm
RUN printf '%s\n' \
      'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
      'path-exclude /usr/share/man/*' 'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' \
      'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/linda/*' 'path-exclude /usr/share/locale/*' \
      > /etc/dpkg/dpkg.cfg.d/slim \
 && find /usr/share/doc -depth -type f ! -name copyright -delete \
 && rm -rf /usr/share/man/* /usr/share/groff/* /usr/share/info/* /usr/share/lintian/* /usr/share/linda/* /usr/share/locale/*
