"""The guide's Flask service: one page and a health endpoint."""
from flask import Flask, jsonify

from greeting import hello

app = Flask(__name__)


@app.route("/")
def index():
    return hello("container") + "\n"


@app.route("/health")
def health():
    return jsonify(status="ok")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000)
