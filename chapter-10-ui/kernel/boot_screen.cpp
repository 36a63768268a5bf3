#include "kernel/boot_screen.hpp"

namespace boot_screen {
namespace {
FramebufferInfo screen = {};
}  // namespace

void remember(const FramebufferInfo& fb) { screen = fb; }

const FramebufferInfo& info() { return screen; }

}  // namespace boot_screen
