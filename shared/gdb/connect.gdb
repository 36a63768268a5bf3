# Attach to QEMU's GDB stub. launch.py sets $qemu_port before sourcing this file.
set architecture i386:x86-64
set pagination off
set confirm off
eval "target remote 127.0.0.1:%d", $qemu_port
