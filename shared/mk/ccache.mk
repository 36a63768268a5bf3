# A compile cache shared by every tree of the repository: ccache, when it is installed (the
# `run` group of shared/deps/install brings it); without it the build is the same, only slower.
# Most files of a chapter are byte-identical copies of the previous chapter's, so what one tree
# compiled, the next finds in the cache. ccache hashes the preprocessed source (in direct mode:
# the source and every header it includes, by content), the compiler and its arguments, so an
# edited header misses the cache in every tree that includes it.
#   CCACHE_DIR      the cache: build/ccache at the top of this clone, so a fresh clone starts
#                   empty and a CI machine needs no home directory; `make clean` removes it
#   CCACHE_BASEDIR  absolute paths under the repository are hashed relative to the current
#                   directory (the unit and fuzz builds name final/'s sources by absolute path)
#   CCACHE_NOHASHDIR  with -g, ccache would hash the current directory (the compilation
#                   directory in the debug info): every tree would miss. The builds map it to
#                   "." instead (-fdebug-prefix-map=$(CURDIR)=.), so a hit carries no other
#                   tree's path; GDB, started in the tree by `make debug`, finds the sources.
#   CCACHE_MAXSIZE  chapters 00-08 fill 19 MB (compressed); the unit build's sanitized objects
#                   are 262 MB before compression: 1 GB leaves room to spare
# CCACHE_DISABLE=1 on make's command line or in the environment compiles without the cache.
REPO := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
CCACHE := $(if $(CCACHE_DISABLE),,$(shell command -v ccache 2>/dev/null))
ifneq ($(CCACHE),)
export CCACHE_DIR := $(REPO)/build/ccache
export CCACHE_BASEDIR := $(REPO)
export CCACHE_NOHASHDIR := 1
export CCACHE_MAXSIZE := 1G
endif
