"""One installer build shared by the installer tests (building takes minutes)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = {"makensis": "nsis", "7z": "p7zip-full", "osslsigncode": "osslsigncode"}


def _load_build():
    spec = importlib.util.spec_from_file_location("installer_build", ROOT / "installer" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_module():
    missing = [pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs the Debian packages: apt-get install {' '.join(sorted(set(missing)))}")
    module = _load_build()
    module.ensure_pynsist()  # pynsist comes from PyPI into installer/cache/tools when missing
    return module


@pytest.fixture(scope="session")
def installer(build_module):
    prebuilt = os.environ.get("DANGVU_INSTALLER_EXE")
    if prebuilt:
        return Path(prebuilt), None
    started = time.monotonic()
    exe = build_module.build()
    elapsed = time.monotonic() - started
    print(f"\ninstaller {exe.name}: {exe.stat().st_size / 2**20:.1f} MiB, built in {elapsed:.0f} s")
    return exe, elapsed


@pytest.fixture(scope="session")
def unpacked(installer, tmp_path_factory):
    exe, _ = installer
    out = tmp_path_factory.mktemp("unpacked")
    subprocess.run(["7z", "x", "-y", f"-o{out}", str(exe)], check=True, capture_output=True)
    return out


