"""Whether this Python has every peer at the version a requirements file pins.

    python3 pinned.py it-tests/requirements.txt [bench/requirements.txt ...]

Exits 0 when every `name==version` line is installed at exactly that version; otherwise names each difference and
exits 1. PythonPeers runs it before any test talks to a peer, and run-tests.sh runs it to decide whether its virtual
environment must be installed again. Standard library only, so it runs on a bare Python.
"""
import sys
from importlib.metadata import PackageNotFoundError, version


def differences(path):
    wrong = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            name, _, pinned = (part.strip() for part in line.partition("=="))
            try:
                found = version(name)
            except PackageNotFoundError:
                found = "not installed"
            if found != pinned:
                wrong.append(f"{name}=={pinned} (found {found})")
    return wrong


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(f"usage: {sys.argv[0]} REQUIREMENTS.txt...")
    wrong = [w for path in sys.argv[1:] for w in differences(path)]
    if wrong:
        print(f"{sys.executable} needs " + ", ".join(wrong))
        sys.exit(1)
    print(f"{sys.executable} has every peer pinned in " + ", ".join(sys.argv[1:]))
