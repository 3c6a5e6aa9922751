#!/bin/sh
# Entry point of the sample image: prints what it would serve.
echo "sample app, config: $(cat /app/config.json)"
