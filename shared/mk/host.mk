# Host tools (trees from chapter 08 on): programs that run on the build machine, compiled with
# the host g++ against the same lib/ code the OS uses -- mkfs_cjfs and fsck_cjfs over an image
# file -- and the data disk they format.
#   build/host/mkfs_cjfs IMAGE [SIZE_MIB]   format an image (creating it with that size)
#   build/host/fsck_cjfs [-n] IMAGE         replay its log, check it, print each problem
HOST_BUILD := $(BUILD)/host
HOST_CXXFLAGS := -std=c++20 -O2 -g -Wall -Wextra -Werror -MMD -MP -I. $(DEBUG_PREFIX_MAP)
HOST_COMMON_SRCS := lib/core/format.cpp $(sort $(wildcard lib/fs/cjfs/*.cpp)) \
  host/file_block_device.cpp host/result_hook.cpp
HOST_COMMON_OBJS := $(patsubst %.cpp,$(HOST_BUILD)/obj/%.o,$(HOST_COMMON_SRCS))
HOST_TOOLS := $(HOST_BUILD)/mkfs_cjfs $(HOST_BUILD)/fsck_cjfs

# The data disk: a cjfs image of DATA_IMG_MIB MiB, formatted once and then kept, so that files
# written in one boot are there in the next. `rm build/data.img` (or make clean) starts afresh.
DATA_IMG := $(BUILD)/data.img
DATA_IMG_MIB ?= 32

.PHONY: host-tools
host-tools: $(HOST_TOOLS)

$(HOST_BUILD)/obj/%.o: %.cpp
	@mkdir -p $(dir $@)
	@echo "  HOST   $<"
	$(Q)$(CXX) $(HOST_CXXFLAGS) -c $< -o $@

$(HOST_BUILD)/%: $(HOST_BUILD)/obj/host/%.o $(HOST_COMMON_OBJS)
	@echo "  HOSTLD $@"
	$(Q)$(CXX) -o $@ $^

$(DATA_IMG): | $(HOST_BUILD)/mkfs_cjfs
	@echo "  MKFS   $@"
	$(Q)$(HOST_BUILD)/mkfs_cjfs $@ $(DATA_IMG_MIB) >/dev/null

# Keep the objects: make would delete them as intermediates of the pattern rules above.
.SECONDARY: $(HOST_COMMON_OBJS) $(patsubst $(HOST_BUILD)/%,$(HOST_BUILD)/obj/host/%.o,$(HOST_TOOLS))
