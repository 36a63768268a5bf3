// Divides by zero: a divide error (#DE) kills this process.
#include "user/runtime/print.hpp"

int main() {
    volatile int zero = 0;  // volatile: the compiler must not see the division coming
    print("dividing 7 by zero");
    int result = 7 / zero;
    print("7 / 0 = {}: no exception?", result);
    return 1;
}
