"""The lines the kernel's program runner prints (kernel/proc/boot_programs.cpp) when a test boots
with `test = run` and `run = <programs>`: one place for the patterns every scenario matches."""

# Every program the runner started has exited and been collected.
RUN_END = r"^run: all (\d+) programs collected$"

# The leak check after the run: every process gone, every channel and message freed, every
# kernel stack slot and frame back where it was (kernel/proc/memory_usage.cpp counts them).
NOTHING_LEAKED = (r"^run: in use before and after: 0 and 0 user frames, "
                  r"(\d+) and \1 kernel heap blocks, (\d+) and \2 kernel stacks, "
                  r"(\d+) and \3 frames outside the heap and kernel tables$")
