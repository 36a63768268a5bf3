// What `make run` shows from chapter 04 on: tasks that never yield, sharing the CPU anyway.
#pragma once
#include "lib/gfx/framebuffer.hpp"

/// Starts three counting tasks, each drawing its count in the banner (they never yield: only
/// the timer's preemption lets them take turns), and a clock task that logs every 5 seconds.
void start_demo_tasks(const Framebuffer& fb);
