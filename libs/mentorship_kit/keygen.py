"""``python -m mentorship_kit.keygen DIR [PUBLIC_DIR]``: the gateway's internal-token key pair, created once in
DIR; with PUBLIC_DIR the public key is copied there too, so the services mount a folder without the private key.

The embedded launcher does this in-process; a container deployment runs it as a one-shot step before the
gateway (compose: ``keys-init``). In Kubernetes the pair is a Secret made by the operator (deploy/README.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mentorship_kit.internal_token import ensure_keypair


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[0])
    ensure_keypair(folder / "internal-jwt.key", folder / "internal-jwt.pub")
    if len(argv) == 2:
        public = Path(argv[1]) / "internal-jwt.pub"
        public.parent.mkdir(parents=True, exist_ok=True)
        public.write_bytes((folder / "internal-jwt.pub").read_bytes())
    print(f"key pair in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
