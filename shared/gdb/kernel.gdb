# With the kernel's symbols loaded: stop where the loader jumps to the kernel.
# A hardware breakpoint, because the kernel is not in memory yet when GDB attaches: a software
# breakpoint would have to patch an int3 into pages the loader has not mapped.
# launch.py sets $kernel_entry from the ELF header.
eval "hbreak *0x%lx", $kernel_entry
continue
