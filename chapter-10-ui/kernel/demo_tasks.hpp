// What `make run` shows in chapter 04 (`demo = counters` in its boot.cfg): tasks that never
// yield, sharing the CPU anyway. Later chapters leave it off: an idle OS stays idle.
#pragma once
#include "lib/gfx/framebuffer.hpp"

/// With `demo = counters` in boot.cfg, starts three counting tasks, each drawing its count in
/// the banner (they never yield: only the timer's preemption lets them take turns), and a clock
/// task that logs every 5 seconds. Without a `demo` option it does nothing.
void start_demo_tasks(const Framebuffer& fb);
