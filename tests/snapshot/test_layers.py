"""The layout's rules, checked on final/'s #include lines (run by tests/run.py's snapshot stage).

A lower layer never includes a higher one, so each layer can be read, and tested, without the
ones above it:
  - the kernel's arch/ and memory/ include nothing of proc/, syscall/, ipc/, object/, sched/, time/;
    sync/ includes only arch/ (and the kernel's top-level log and panic);
  - arch/x86_64/ (shared by the loader and the kernel) includes only arch/, lib/ and abi/;
  - abi/, the user/kernel contract, includes only abi/ and lib/core/;
  - lib/ is pure code: it includes only lib/ and abi/, and lib/core/ only lib/core/ and abi/;
  - user programs include no kernel/, loader/ or arch/ header, and user.mk links no kernel file;
  - the loader includes nothing of kernel/ or user/, the kernel nothing of loader/ or user/.
"""
from __future__ import annotations

import re
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FINAL = ROOT / "final"
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
KERNEL_UPPER = ("proc", "syscall", "ipc", "object", "sched", "time")

# (which files, as a path prefix inside final/) -> a function of the included path: why it is
# forbidden, or None.
def _kernel_low(inc: str) -> str | None:
    parts = inc.split("/")
    if parts[0] == "kernel" and len(parts) > 2 and parts[1] in KERNEL_UPPER:
        return f"includes the upper layer kernel/{parts[1]}/"
    return _not_outside_kernel(inc)


def _sync(inc: str) -> str | None:
    parts = inc.split("/")
    if parts[0] == "kernel" and len(parts) > 2 and parts[1] not in ("arch", "sync"):
        return f"sync/ may include only kernel/arch/ and kernel/sync/, not kernel/{parts[1]}/"
    return _not_outside_kernel(inc)


def _not_outside_kernel(inc: str) -> str | None:
    if inc.startswith(("loader/", "user/")):
        return "the kernel includes nothing of the loader or user space"
    return None


def _shared_arch(inc: str) -> str | None:
    if inc.startswith(("arch/", "lib/", "abi/")):
        return None
    return "shared arch/ includes only arch/, lib/ and abi/"


def _abi(inc: str) -> str | None:
    if inc.startswith(("abi/", "lib/core/")):
        return None
    return "abi/ includes only abi/ and lib/core/"


def _lib(inc: str) -> str | None:
    if inc.startswith(("lib/", "abi/")):
        return None
    return "lib/ is pure code: it includes only lib/ and abi/"


def _lib_core(inc: str) -> str | None:
    if inc.startswith(("lib/core/", "abi/")):
        return None
    return "lib/core/ includes only lib/core/ and abi/"


def _user(inc: str) -> str | None:
    if inc.startswith(("kernel/", "loader/", "arch/")):
        return "user programs include no kernel, loader or CPU-privileged header"
    return None


def _loader(inc: str) -> str | None:
    if inc.startswith(("kernel/", "user/")):
        return "the loader includes nothing of kernel/ or user/"
    return None


RULES = [
    ("kernel/arch/", _kernel_low),
    ("kernel/memory/", _kernel_low),
    ("kernel/sync/", _sync),
    ("kernel/", _not_outside_kernel),
    ("arch/", _shared_arch),
    ("abi/", _abi),
    ("lib/core/", _lib_core),
    ("lib/", _lib),
    ("user/", _user),
    ("loader/", _loader),
]


def violations(tree: Path) -> list[str]:
    """Every forbidden #include in `tree`, as 'file: include: why'."""
    found = []
    for path in sorted(tree.rglob("*")):
        if (path.suffix not in (".cpp", ".hpp", ".h", ".S")
                or "build" in path.relative_to(tree).parts):
            continue
        rel = path.relative_to(tree).as_posix()
        rule = next((check for prefix, check in RULES if rel.startswith(prefix)), None)
        if rule is None:
            continue
        for inc in INCLUDE.findall(path.read_text()):
            why = rule(inc)
            if why:
                found.append(f"{rel}: {inc}: {why}")
    return found


class Layers(unittest.TestCase):
    def test_no_layer_includes_a_higher_one(self):
        found = violations(FINAL)
        self.assertEqual(found, [], "forbidden includes:\n" + "\n".join(found))

    def test_user_programs_link_no_kernel_file(self):
        rules = (ROOT / "shared" / "mk" / "user.mk").read_text().splitlines()
        bad = [line for line in rules if "kernel/" in line and not line.lstrip().startswith("#")]
        self.assertEqual(bad, [], "user.mk names kernel files:\n" + "\n".join(bad))

    def test_the_check_sees_a_violation(self):
        # The rules are not vacuous: an arch/ or memory/ file that includes syscall/ is caught.
        self.assertEqual(_kernel_low("kernel/syscall/handlers.hpp"),
                         "includes the upper layer kernel/syscall/")
        self.assertIsNotNone(_user("kernel/log.hpp"))
        self.assertIsNone(_kernel_low("kernel/memory/physical.hpp"))


if __name__ == "__main__":
    unittest.main()
