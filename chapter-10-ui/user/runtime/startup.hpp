// What a program receives from whoever started it: four numbers, passed by the kernel in
// registers at the first instruction (crt0.S). From chapter 06 on they are the values of the
// handles the program starts with (0 for none).
#pragma once
#include <cstddef>
#include <cstdint>

/// Startup argument `index` (0 to 3); 0 for any other index.
[[nodiscard]] uint64_t startup_argument(size_t index);
