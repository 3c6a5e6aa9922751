# Stand-in for python:3.12 (the full image): Debian's Python with pip, and the compilers and headers
# pip's recommends bring (build-essential, python3-dev), as the official full image carries a toolchain.
# No apt cache or package lists are left, as in the official images.
# Built by the savings harness (scripts/savings.js), once, as imgdiet-test/python:3.11.
FROM imgdiet-test/debian:bookworm
RUN apt-get update \
 && apt-get install -y python3-pip python-is-python3 \
 && rm -f /usr/lib/python3.*/EXTERNALLY-MANAGED \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
CMD ["python3"]
