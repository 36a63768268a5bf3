#!/bin/busybox sh
# The Linux side of make bench's network figures: /init of the second initramfs build.py makes
# (build_net), run by busybox's shell. It brings up the virtio-net NIC with the address the OS
# uses (10.0.2.15/24, gateway 10.0.2.2: QEMU's user network), measures the ping round trip to
# the gateway with busybox ping, then serves a 16 MiB file from tmpfs (RAM, as the OS serves its
# file from its RAM file system) with busybox httpd on port 80, where tests/bench.py downloads
# it with the host's curl through QEMU's hostfwd. It never exits: the kernel panics when init
# does, and the host ends QEMU when it has measured.
B=/bin/busybox
echo "bench: first user process"
$B mkdir -p /proc /sys /www /tmp
$B mount -t proc proc /proc
$B mount -t sysfs sysfs /sys
$B mount -t devtmpfs devtmpfs /dev
# build.py numbered the modules in dependency order (virtio, failover, virtio_net...).
for m in /modules/*.ko; do
    $B insmod "$m" || echo "bench: FAILED: insmod $m"
done
# The probe may finish a little after insmod returns.
i=0
while [ ! -e /sys/class/net/eth0 ]; do
    i=$((i + 1))
    if [ $i -gt 500 ]; then echo "bench: FAILED: no eth0 after 5 s"; break; fi
    $B usleep 10000
done
$B ip link set lo up
$B ip link set eth0 up
$B ip addr add 10.0.2.15/24 dev eth0
$B ip route add default via 10.0.2.2
echo "bench: net up: $($B ip -4 addr show eth0 | $B grep inet)"

# One ping first (the ARP exchange is not part of a round trip), then the measured ones: each
# reply line says `time=<ms> ms`, and tests/bench.py takes their median. One a second, as the
# OS's ping sends them.
$B ping -c 1 -W 5 10.0.2.2 > /dev/null
$B ping -c 20 -W 5 10.0.2.2 | while read -r line; do echo "bench: ping $line"; done
echo "bench: ping done"

$B mount -t tmpfs -o size=32m tmpfs /www
$B dd if=/dev/urandom of=/www/big.bin bs=65536 count=256 2> /dev/null || echo "bench: FAILED: dd"
$B httpd -p 80 -h /www
echo "bench: httpd ready, $($B stat -c %s /www/big.bin) bytes"
while :; do $B sleep 3600; done
