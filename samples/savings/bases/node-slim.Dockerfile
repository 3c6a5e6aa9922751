# Stand-in for node:20-slim: Debian with the build machine's Node 20 and npm (the harness copies them into
# the context as node/ and npm/). npm trusts the harness's CA bundle through the global npmrc: that file
# and the CA are the harness's, not the sample's, and are the same in "before" and "after".
FROM imgdiet-test/debian:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca.crt /usr/local/share/imgdiet-harness-ca.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && mkdir -p /usr/local/etc \
 && echo 'cafile=/usr/local/share/imgdiet-harness-ca.crt' > /usr/local/etc/npmrc
CMD ["node"]
