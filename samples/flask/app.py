"""A minimal Flask service: one page and a health endpoint for the container's HEALTHCHECK."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello from a container!\n"


@app.route("/health")
def health():
    return jsonify(status="ok")


if __name__ == "__main__":
    # For `python app.py` during development; the image runs gunicorn.
    app.run(host="0.0.0.0", port=8000)
