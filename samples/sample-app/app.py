"""The app the sample image pretends to ship. imgdiet never runs it: it only reads the image's bytes."""
import json
import os

CONFIG = json.load(open(os.path.join(os.path.dirname(__file__), "config.json")))


def handle(path):
    if path == "/health":
        return 200, "ok"
    return 200, "hello from %s" % CONFIG["name"]
