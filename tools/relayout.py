#!/usr/bin/env python3
"""Re-layout final/ (issue 9, section 3): lib/ split by domain, one abi/ directory, user/ by kind.

Re-runnable on any checkout: it moves what exists by rules, rewrites every reference to a moved
file, and reports what it could not place or rewrite instead of guessing in silence. A second
run on a tree already re-laid out changes nothing.

    python3 tools/relayout.py              do it (git mv when the tree is a git checkout)
    python3 tools/relayout.py --dry-run    print the moves and edits, change nothing
    python3 tools/relayout.py --map lib/foo.hpp=lib/core/foo.hpp    an extra rule (repeatable)

The generated chapter-*/ trees are not touched: regenerate them afterwards
(python3 shared/snapshot/generate.py). Exit status: 0 when everything was placed and every
edit applied, 2 when the report lists something to look at (the moves and edits that could be
done are done), 1 on a conflict found before anything changed (two files, one destination).

The layout it produces (paths inside final/):
    abi/           the user/kernel contract: syscall numbers, Error codes, Handle, Rights, Message
    lib/core/      result, string_view, format, writer, ref_ptr, address: every binary
    lib/boot/      boot_info, boot_options, boot_image, memory_map, elf: loader and kernel
    lib/memory/    frame_allocator, heap, page_table: kernel (and heap for user programs)
    lib/gfx/       framebuffer and text: loader and kernel
    lib/ipc/       handle_table, bounded_queue, message checks: kernel (handle_table for users)
    lib/fs/        ramfs: user programs only
    lib/input/     ps2_keyboard: user programs only
    arch/x86_64/   CPU helpers several binaries link (string.S moves here from kernel/)
    kernel/memory/ user_memory (the user copy primitive) moves here from kernel/syscall/
    user/runtime/  unchanged; user/servers/, user/drivers/, user/apps/, user/tests/ replace
                   user/programs/ (a program is one .cpp or a folder of files)
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# ----------------------------------------------------------------------------------------------
# Rules. Paths are relative to final/. Exact maps first, then pattern rules.

LIB_DOMAIN = {
    # lib/<file> -> domain; "abi" means the top-level abi/ directory
    "error.hpp": "abi", "syscalls.hpp": "abi",
    "result.hpp": "core", "string_view.hpp": "core", "format.hpp": "core", "format.cpp": "core",
    "writer.hpp": "core", "ref_ptr.hpp": "core", "address.hpp": "core",
    "boot_info.hpp": "boot", "boot_options.hpp": "boot", "boot_options.cpp": "boot",
    "boot_image.hpp": "boot", "boot_image.cpp": "boot", "memory_map.hpp": "boot",
    "memory_map.cpp": "boot", "elf.hpp": "boot", "elf.cpp": "boot",
    "frame_allocator.hpp": "memory", "frame_allocator.cpp": "memory", "heap.hpp": "memory",
    "heap.cpp": "memory", "page_table.hpp": "memory",
    "ramfs.hpp": "fs", "ramfs.cpp": "fs",
    "ps2_keyboard.hpp": "input", "ps2_keyboard.cpp": "input",
}

# A new top-level lib/ file with no exact rule: placed by the start of its name, and reported.
LIB_PREFIX_DOMAIN = [
    ("boot_", "boot"), ("elf", "boot"), ("memory_map", "boot"),
    ("frame_", "memory"), ("heap", "memory"), ("page", "memory"),
    ("ramfs", "fs"), ("fat", "fs"), ("journal", "fs"), ("path", "fs"),
    ("ps2_", "input"), ("scancode", "input"), ("keyboard", "input"), ("mouse", "input"),
    ("result", "core"), ("string", "core"), ("format", "core"), ("writer", "core"),
    ("ref_ptr", "core"), ("address", "core"), ("checked", "core"), ("assert", "core"),
]

EXACT = {
    "lib/ipc/rights.hpp": "abi/rights.hpp",
    "lib/ipc/handle.hpp": "abi/handle.hpp",
    "lib/ipc/message.hpp": "abi/message.hpp",
    "kernel/arch/x86_64/string.S": "arch/x86_64/string.S",
    # The one door to user memory is a memory-layer primitive: address_space.cpp (memory/) and
    # the page-fault handler (arch/) use it, so it cannot live in syscall/ above them.
    "kernel/syscall/user_memory.hpp": "kernel/memory/user_memory.hpp",
    "kernel/syscall/user_memory.cpp": "kernel/memory/user_memory.cpp",
    # The RAMFS server is a folder: the program, and the protocol it speaks (fs_client uses it too).
    "user/runtime/fs_protocol.hpp": "user/servers/ramfs/fs_protocol.hpp",
}
# Typed user pointers and other user-copy helpers follow user_memory into memory/.
PATTERNS = [
    (re.compile(r"^kernel/syscall/(user_(?:memory|ptr|pointer|buffer|copy)\w*\.(?:hpp|cpp|S))$"),
     r"kernel/memory/\1"),
]

# User programs: name (a .cpp stem or a folder under user/programs/) -> kind folder.
PROGRAM_KIND = {
    "init": "servers", "ramfs": "servers",
    "kbd": "drivers",
    "hello": "apps", "client": "apps",
    "ticker": "tests", "ring3": "tests",
}
# Servers that are folders of their own (program file inside keeps its name).
PROGRAM_FOLDER = {"ramfs"}
TEST_PROGRAM = re.compile(r"^(bad_|ipc_|ring3|fpu_|sse_|log_flood|mem_hog|nest|spawn_|stress|"
                          r"test_|leak|sleep|timer_|oom|hog)")

LIB_DOMAINS = ["core", "boot", "memory", "gfx", "ipc", "fs", "input"]

# ----------------------------------------------------------------------------------------------
# Hand-written edits of prose and build rules: (file, old, new). Applied when `old` is there;
# "already done" when `new` is; otherwise reported. Applied before the path rewrite, so `old`
# names the old paths.

USER_MK_HEAD_OLD = """\
#   user/runtime/    crt0, syscall wrappers, string functions, print: linked into every program
#   user/programs/   one .cpp per program; user/programs/hello.cpp becomes the program "hello"
#   user/files/      data files that travel in the boot image as they are (chapter 07's RAMFS)
#   user/user.ld     where programs live: from 4 MiB up, one segment per permission (W^X)
# The runtime and lib/ are compiled once more for user space (ordinary small code model, no
# kernel-only code) into an archive, so each program links only the members it uses.
"""
USER_MK_HEAD_NEW = """\
#   user/runtime/    crt0, syscall wrappers, print, heap: linked into every program
#   user/servers/    servers (init, ramfs), user/drivers/ drivers (kbd), user/apps/ programs
#   user/tests/      test programs. In each of the four, a program is one .cpp (hello.cpp is
#                    the program "hello") or a folder of .cpp/.S files (servers/ramfs/ is "ramfs")
#   user/files/      data files that travel in the boot image as they are (chapter 07's RAMFS)
#   user/user.ld     where programs live: from 4 MiB up, one segment per permission (W^X)
# The runtime and the lib/ domains of USER_LIBS are compiled once more for user space (ordinary
# small code model) into an archive, so each program links only the members it uses. User
# programs include abi/, lib/ and user/ headers, never kernel/ (tests/snapshot/test_layers.py).
"""

USER_MK_SRCS_OLD = """\
USER_RUNTIME_SRCS := $(shell find user/runtime lib -name '*.cpp' -o -name '*.S' 2>/dev/null | sort)
# memcpy, memmove, memset: the kernel's assembly versions use no privileged instruction, so they serve here too.
USER_RUNTIME_SRCS += kernel/arch/x86_64/string.S
USER_RUNTIME_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(USER_RUNTIME_SRCS))
USER_RUNTIME := $(BUILD)/user/libruntime.a
USER_PROGRAMS := $(patsubst user/programs/%.cpp,$(BUILD)/user/%,$(wildcard user/programs/*.cpp))
USER_FILES := $(wildcard user/files/*)
USER_PROGRAM_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(wildcard user/programs/*.cpp))
"""
USER_MK_SRCS_NEW = """\
# The lib/ domains user programs use (not boot/ or gfx/: those are the loader's and the kernel's).
USER_LIBS := core memory ipc fs input
USER_LIB_DIRS := $(wildcard $(addprefix lib/,$(USER_LIBS)))
USER_RUNTIME_SRCS := $(shell find user/runtime $(USER_LIB_DIRS) -name '*.cpp' -o -name '*.S' 2>/dev/null | sort)
# memcpy, memmove, memset: arch/x86_64/string.S uses no privileged instruction, so it serves here too.
USER_RUNTIME_SRCS += $(wildcard arch/x86_64/string.S)
USER_RUNTIME_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(USER_RUNTIME_SRCS))
USER_RUNTIME := $(BUILD)/user/libruntime.a
# Programs: a .cpp file or a folder in one of these; the program's name is the file's or folder's.
USER_PROGRAM_KINDS := user/servers user/drivers user/apps user/tests
USER_PROGRAM_FILES := $(wildcard $(addsuffix /*.cpp,$(USER_PROGRAM_KINDS)))
USER_PROGRAM_FOLDERS := $(patsubst %/,%,$(wildcard $(addsuffix /*/,$(USER_PROGRAM_KINDS))))
USER_PROGRAM_NAMES := $(basename $(notdir $(USER_PROGRAM_FILES))) $(notdir $(USER_PROGRAM_FOLDERS))
# Every program lands in the boot image under its bare name, so two of one name are an error.
USER_PROGRAM_CLASHES := $(sort $(foreach n,$(USER_PROGRAM_NAMES),$(if $(word 2,$(filter $(n),$(USER_PROGRAM_NAMES))),$(n))))
$(if $(USER_PROGRAM_CLASHES),$(error two user programs with one name: $(USER_PROGRAM_CLASHES)))
USER_PROGRAMS := $(addprefix $(BUILD)/user/,$(USER_PROGRAM_NAMES))
USER_FILES := $(wildcard user/files/*)
USER_PROGRAM_SRCS := $(USER_PROGRAM_FILES) $(foreach d,$(USER_PROGRAM_FOLDERS),$(wildcard $(d)/*.cpp $(d)/*.S))
USER_PROGRAM_OBJS := $(patsubst %,$(BUILD)/user-obj/%.o,$(USER_PROGRAM_SRCS))
"""

USER_MK_LINK_OLD = """\
# crt0 comes first so that _start is the entry; the archive after the program resolves the rest.
$(BUILD)/user/%: $(BUILD)/user-obj/user/programs/%.cpp.o $(USER_RUNTIME) $(USER_LDSCRIPT)
	@echo "  PROG   $(notdir $@)"
	$(Q)$(LD) $(USER_LDFLAGS) $(BUILD)/user-obj/user/runtime/crt0.S.o $< $(USER_RUNTIME) $(LIBGCC) -o $@
"""
USER_MK_LINK_NEW = """\
# One link rule per program: $(1) its name, $(2) its objects. crt0 comes first so that _start is
# the entry; the archive after the program's objects resolves the rest.
define user_program
$(BUILD)/user/$(1): $(2) $(USER_RUNTIME) $(USER_LDSCRIPT)
	@echo "  PROG   $(1)"
	$$(Q)$$(LD) $$(USER_LDFLAGS) $$(BUILD)/user-obj/user/runtime/crt0.S.o $(2) $$(USER_RUNTIME) $$(LIBGCC) -o $$@
endef
user_objs = $(patsubst %,$(BUILD)/user-obj/%.o,$(1))
$(foreach f,$(USER_PROGRAM_FILES),$(eval $(call user_program,$(basename $(notdir $(f))),$(call user_objs,$(f)))))
$(foreach d,$(USER_PROGRAM_FOLDERS),$(eval $(call user_program,$(notdir $(d)),$(call user_objs,$(sort $(wildcard $(d)/*.cpp $(d)/*.S))))))
"""

KERNEL_MK_OLD = """\
KERNEL_SRCS := $(shell find kernel lib -name '*.cpp' -o -name '*.S' 2>/dev/null | sort) \\
"""
KERNEL_MK_NEW = """\
# The lib/ domains the kernel links: not fs/ or input/ (user space only).
KERNEL_LIBS := core boot memory gfx ipc
KERNEL_LIB_DIRS := $(wildcard $(addprefix lib/,$(KERNEL_LIBS)))
KERNEL_SRCS := $(shell find kernel $(KERNEL_LIB_DIRS) -name '*.cpp' -o -name '*.S' 2>/dev/null | sort) \\
"""

LOADER_MK_OLD = """\
# The loader uses the portable library and the CPU helpers it needs, but nothing of the kernel.
LOADER_SRCS := $(shell find loader lib -name '*.cpp' -o -name '*.S' 2>/dev/null | sort) \\
  $(wildcard arch/x86_64/*.cpp arch/x86_64/*.S)
"""
LOADER_MK_NEW = """\
# The loader uses the lib/ domains it needs and the CPU helpers, but nothing of the kernel. Not
# arch/x86_64/string.S: GNU-EFI's libefi brings its own memcpy and memset.
LOADER_LIBS := core boot gfx
LOADER_LIB_DIRS := $(wildcard $(addprefix lib/,$(LOADER_LIBS)))
LOADER_SRCS := $(shell find loader $(LOADER_LIB_DIRS) -name '*.cpp' -o -name '*.S' 2>/dev/null | sort) \\
  $(filter-out arch/x86_64/string.S,$(wildcard arch/x86_64/*.cpp arch/x86_64/*.S))
"""

UNIT_MK_EDITS = [
    ("# Host unit tests: every file of final/lib (pure logic) plus tests/unit/*.cpp, in one Catch2\n",
     "# Host unit tests: every lib/ domain of final/ (pure logic) plus tests/unit/*.cpp, in one Catch2\n"),
    ("# A new final/lib/**/*.cpp or tests/unit/test_*.cpp joins automatically.\n",
     "# A new .cpp in a domain of UNIT_LIBS or a tests/unit/test_*.cpp joins automatically.\n"),
    ("LIB_SRCS  := $(sort $(shell cd $(FINAL) && find lib -name '*.cpp'))\n",
     "UNIT_LIBS := core boot memory gfx ipc fs input\n"
     "LIB_SRCS  := $(sort $(shell cd $(FINAL) && find $(addprefix lib/,$(UNIT_LIBS)) -name '*.cpp'))\n"),
]

EDITS = [
    ("shared/mk/user.mk", USER_MK_HEAD_OLD, USER_MK_HEAD_NEW),
    ("shared/mk/user.mk", USER_MK_SRCS_OLD, USER_MK_SRCS_NEW),
    ("shared/mk/user.mk", USER_MK_LINK_OLD, USER_MK_LINK_NEW),
    ("shared/mk/kernel.mk", KERNEL_MK_OLD, KERNEL_MK_NEW),
    ("shared/mk/loader.mk", LOADER_MK_OLD, LOADER_MK_NEW),
    *[("tests/unit/Makefile", old, new) for old, new in UNIT_MK_EDITS],
    ("shared/mk/os.mk",
     "#   loader/            the UEFI boot loader (BOOTX64.EFI), with lib/ and arch/x86_64/\n"
     "#   kernel/            the higher-half kernel ELF (from chapter 01 on), with lib/ and arch/x86_64/\n"
     "#   user/              user programs in a boot image, bootimage.tar (from chapter 05 on)\n",
     "#   loader/            the UEFI boot loader (BOOTX64.EFI), with its lib/ domains and arch/x86_64/\n"
     "#   kernel/            the higher-half kernel ELF (from chapter 01 on), with its lib/ domains\n"
     "#                      and arch/x86_64/\n"
     "#   user/              user programs in a boot image, bootimage.tar (from chapter 05 on)\n"
     "#   abi/               the user/kernel contract, headers only, included by both sides\n"),
    ("README.md",
     "Inside a tree: `loader/` is the UEFI boot loader, `kernel/` the kernel, `lib/` pure code shared by\n"
     "both (and unit-tested on the host), `arch/x86_64/` the CPU-specific helpers both use.\n",
     "Inside a tree (the layout scales to chapters 08-12; `tests/snapshot/test_layers.py` keeps it):\n"
     "\n"
     "```\n"
     "loader/           the UEFI boot loader\n"
     "kernel/           the kernel, in layers: arch/ (CPU), sync/, memory/, time/ and sched/,\n"
     "                  object/ and ipc/, proc/, syscall/. A lower layer never includes a higher one:\n"
     "                  arch/ and memory/ include no proc/, syscall/, ipc/, object/, sched/, time/\n"
     "abi/              the user/kernel contract both sides include: syscall numbers, Error codes,\n"
     "                  Handle, Rights, the message layout (headers only)\n"
     "lib/<domain>/     pure code, unit-tested on the host, linked only into what uses it:\n"
     "                  core/ (everyone), boot/ and gfx/ (loader, kernel), memory/ and ipc/\n"
     "                  (kernel; heap and handle table also user space), fs/ and input/ (user space)\n"
     "arch/x86_64/      CPU helpers several binaries link (serial, port I/O, memcpy & co.)\n"
     "user/runtime/     crt0, system call wrappers, print, heap: linked into every program\n"
     "user/servers/     init, ramfs/ (a folder: a program of several files)\n"
     "user/drivers/     kbd\n"
     "user/apps/        hello, client\n"
     "user/tests/       programs that only the tests run (bad_*, ipc_*, ring3, ticker, ...)\n"
     "```\n"
     "\n"
     "Each build rule lists the lib/ domains its binary uses (`KERNEL_LIBS`, `LOADER_LIBS`,\n"
     "`USER_LIBS` in `shared/mk/`, `UNIT_LIBS` in `tests/unit/Makefile`). User programs include no\n"
     "kernel header and link no kernel file.\n"),
    ("README.md",
     "User programs live in `final/user/programs/` (one `.cpp` each) and link against a small runtime\n"
     "in `final/user/runtime/` (crt0, system call wrappers, `print`, a heap from chapter 07). The build\n",
     "User programs live in `final/user/servers/`, `drivers/`, `apps/` and `tests/` (one `.cpp`, or a\n"
     "folder for a program of several files; names are unique across the four) and link against a\n"
     "small runtime in `final/user/runtime/` (crt0, system call wrappers, `print`, a heap from\n"
     "chapter 07). The build\n"),
    ("chapters/05-processes.rst",
     "is a new file ``user/programs/<name>.cpp``: the build finds it and puts it into the boot image.\n",
     "is a new file ``user/apps/<name>.cpp`` (or a folder ``user/apps/<name>/`` of several files):\n"
     "the build finds it and puts it into the boot image.\n"),
    ("chapters/05-processes.rst",
     "script), the boot image parser and the system call ABI in ``lib/``, the boot image in the loader\n",
     "script), the boot image parser in ``lib/boot/`` and the system call ABI in ``abi/``, the boot\n"
     "image in the loader\n"),
    ("chapters/05-processes.rst",
     "runtime and ``lib/`` are compiled again, this time for user space (the ordinary small code model,\n",
     "runtime and the ``lib/`` domains programs use are compiled again, this time for user space (the\n"
     "ordinary small code model,\n"),
    ("chapters/07-servers.rst",
     "``start_init``. In ``lib/``, the RAM file system and the scan code decoder, pure code with host\n",
     "``start_init``. In ``lib/fs/`` and ``lib/input/``, the RAM file system and the scan code\n"
     "decoder, pure code with host\n"),
    ("tests/book/exercises.py",
     "(is user/programs/{program}.cpp there?)",
     "(is user/apps/{program}.cpp there?)"),
]

# Where references are rewritten (relative to the repository); chapter-*/ are generated.
SCAN_ROOTS = ["final", "tests", "chapters", "book", "shared", "README.md", "Makefile", "tools"]
SKIP_DIRS = {".git", "build", "_build", "__pycache__", "captures", "screenshots", "_static"}
TEXT_SUFFIXES = {".cpp", ".hpp", ".h", ".S", ".ld", ".py", ".rst", ".md", ".mk", ".txt", ".cfg",
                 ".gdb", ""}


# ----------------------------------------------------------------------------------------------

class Report:
    def __init__(self) -> None:
        self.notes: list[str] = []     # worth a look, not a failure
        self.problems: list[str] = []  # something left undone

    def note(self, text: str) -> None:
        self.notes.append(text)

    def problem(self, text: str) -> None:
        self.problems.append(text)


def final_files(final: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(final):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            out.append((Path(dirpath) / name).relative_to(final).as_posix())
    return out


def program_destination(rel: str, report: Report) -> str | None:
    """Where a file under user/programs/ goes."""
    rest = rel[len("user/programs/"):]
    parts = rest.split("/")
    if len(parts) == 1:
        stem, ext = os.path.splitext(parts[0])
        if ext != ".cpp":
            report.problem(f"unplaced: {rel} (not a .cpp in user/programs/): add a --map rule")
            return None
        name, inner = stem, None
    else:
        name, inner = parts[0], "/".join(parts[1:])
    kind = PROGRAM_KIND.get(name)
    if kind is None:
        kind = "tests"
        if not TEST_PROGRAM.match(name):
            report.note(f"program '{name}' has no rule: put into user/tests/ (move it if it is no test)")
    if inner is not None:  # already a folder program
        return f"user/{kind}/{name}/{inner}"
    if name in PROGRAM_FOLDER:
        return f"user/{kind}/{name}/{name}.cpp"
    return f"user/{kind}/{name}.cpp"


def destination(rel: str, extra: dict[str, str], report: Report) -> str | None:
    if rel in extra:
        return extra[rel]
    if rel in EXACT:
        return EXACT[rel]
    for pattern, template in PATTERNS:
        if pattern.match(rel):
            return pattern.sub(template, rel)
    if rel.startswith("user/programs/"):
        return program_destination(rel, report)
    parts = rel.split("/")
    if parts[0] == "lib" and len(parts) == 2:
        name = parts[1]
        domain = LIB_DOMAIN.get(name)
        if domain is None:
            for prefix, d in LIB_PREFIX_DOMAIN:
                if name.startswith(prefix):
                    domain = d
                    report.note(f"lib/{name} has no exact rule: placed in lib/{d}/ by its name")
                    break
        if domain is None:
            report.problem(f"unplaced: lib/{name} (no rule for its domain): rerun with "
                           f"--map lib/{name}=lib/<domain>/{name}")
            return None
        return f"abi/{name}" if domain == "abi" else f"lib/{domain}/{name}"
    if parts[0] == "lib" and len(parts) > 2 and parts[1] not in LIB_DOMAINS:
        report.problem(f"unplaced: {rel} (lib/{parts[1]}/ is no known domain): add it to LIB_DOMAINS "
                       "and the build rules, or --map it")
    return rel


def plan_moves(final: Path, extra: dict[str, str], report: Report) -> dict[str, str]:
    files = final_files(final)
    existing = set(files)
    moves: dict[str, str] = {}
    for rel in files:
        dest = destination(rel, extra, report)
        if dest and dest != rel:
            moves[rel] = dest
    # Conflicts: two sources for one destination, or a destination that exists and stays.
    seen: dict[str, str] = {}
    for src, dst in moves.items():
        if dst in seen:
            raise SystemExit(f"relayout: {seen[dst]} and {src} would both become {dst}; nothing changed")
        if dst in existing and dst not in moves:
            raise SystemExit(f"relayout: {src} would overwrite {dst}; nothing changed")
        seen[dst] = src
    return moves


def is_git(root: Path) -> bool:
    return subprocess.run(["git", "-C", str(root), "rev-parse", "--git-dir"],
                          capture_output=True).returncode == 0


def move(final: Path, moves: dict[str, str], use_git: bool) -> None:
    for src, dst in moves.items():
        s, d = final / src, final / dst
        d.parent.mkdir(parents=True, exist_ok=True)
        tracked = use_git and subprocess.run(
            ["git", "-C", str(final), "ls-files", "--error-unmatch", src],
            capture_output=True).returncode == 0
        if tracked:
            subprocess.run(["git", "-C", str(final), "mv", src, dst], check=True)
        else:
            s.rename(d)
    # Folders left empty (user/programs/, kernel/syscall/ never: it keeps its handlers).
    for src in moves:
        parent = (final / src).parent
        while parent != final and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def scan_files(root: Path, skip: set[Path]) -> list[Path]:
    out = []
    for start in SCAN_ROOTS:
        p = root / start
        if p.is_file():
            out.append(p)
            continue
        if not p.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            for name in sorted(filenames):
                f = Path(dirpath) / name
                if f in skip:
                    continue
                if f.suffix in TEXT_SUFFIXES or name in ("Makefile", "Doxyfile"):
                    out.append(f)
    return out


# A path is rewritten only where it stands as a path: not inside a longer name, and either on
# its own or after final/, chapter-NN-x/, ../ or ./ (so "kernel/arch/x86_64/string.S" is never
# mistaken for "arch/x86_64/string.S").
_PREFIX_OK = re.compile(r"(?:^|[^\w.\-/$()])/?(?:(?:final|chapter-\d\d-[\w-]+|\.\.|\.|\$\(FINAL\))/)+$")


def rewrite_paths(text: str, moves: dict[str, str]) -> tuple[str, int]:
    if not moves:
        return text, 0
    # Longest first, so lib/ipc/message.hpp is never cut short by a shorter key.
    keys = sorted(moves, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys))
    count = 0
    out = []
    pos = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        before = text[max(0, start - 80):start]
        after = text[end:end + 1]
        if after and (after.isalnum() or after in "_/"):
            continue
        ok = not before or not (before[-1].isalnum() or before[-1] in "_.-/$") \
            or bool(_PREFIX_OK.search(before))
        if not ok:
            continue
        out.append(text[pos:start])
        out.append(moves[m.group(0)])
        pos = end
        count += 1
    out.append(text[pos:])
    return "".join(out), count


def apply_edits(root: Path, report: Report, dry_run: bool) -> None:
    for rel, old, new in EDITS:
        f = root / rel
        if not f.exists():
            report.problem(f"edit not applied: {rel} is missing")
            continue
        text = f.read_text()
        if old in text:
            if not dry_run:
                f.write_text(text.replace(old, new, 1))
            print(f"  edit  {rel}: {old.strip().splitlines()[0][:70]}")
        elif new in text:
            pass  # already done by an earlier run
        else:
            first = old.strip().splitlines()[0]
            report.problem(f"edit not applied: {rel} no longer has the text starting {first!r}: "
                           f"make the change by hand (see EDITS in tools/relayout.py)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    parser.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    parser.add_argument("--map", action="append", default=[], metavar="OLD=NEW",
                        help="an extra move rule, paths relative to final/ (repeatable)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    final = root / "final"
    report = Report()
    extra = dict(item.split("=", 1) for item in args.map)

    moves = plan_moves(final, extra, report)
    print(f"relayout: {len(moves)} files to move")
    for src, dst in moves.items():
        print(f"  move  {src} -> {dst}")

    apply_edits(root, report, args.dry_run)
    if not args.dry_run:
        move(final, moves, is_git(root))

    # Every reference to a moved file, in final/, the tests, the book, the build rules.
    # Never this script (its rules name the old paths on purpose), wherever it runs from.
    me = {Path(__file__).resolve(), root / "tools" / "relayout.py"}
    rewritten = 0
    for f in scan_files(root, me):
        try:
            text = f.read_text()
        except (UnicodeDecodeError, OSError):
            continue
        new, n = rewrite_paths(text, moves)
        if n:
            rewritten += n
            print(f"  refs  {f.relative_to(root)}: {n}")
            if not args.dry_run:
                f.write_text(new)
    print(f"relayout: {rewritten} references rewritten")

    # What still names an old place: moved files, or the old program folder.
    if not args.dry_run:
        leftovers = re.compile(r"user/programs\b|kernel/syscall/user_memory|kernel/arch/x86_64/string\.S"
                               r"|\blib/(?:" + "|".join(re.escape(n) for n in LIB_DOMAIN) + r")\b")
        for f in scan_files(root, me):
            try:
                lines = f.read_text().splitlines()
            except (UnicodeDecodeError, OSError):
                continue
            for i, line in enumerate(lines, 1):
                if leftovers.search(line):
                    report.problem(f"old path still named: {f.relative_to(root)}:{i}: {line.strip()[:100]}")

    for text in report.notes:
        print(f"NOTE  {text}")
    for text in report.problems:
        print(f"TODO  {text}")
    print(f"relayout: done; {len(report.notes)} notes, {len(report.problems)} things to look at."
          " Next: python3 shared/snapshot/generate.py")
    return 2 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
