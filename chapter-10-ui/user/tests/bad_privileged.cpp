// Executes hlt, an instruction only ring 0 may use: a general protection fault kills this process.
#include "user/runtime/print.hpp"

extern "C" void try_privileged_instruction();  // user/runtime/cpu_probe.S

int main() {
    print("executing hlt in ring 3");
    try_privileged_instruction();
    print("hlt returned: ring 3 is not enforced!");
    return 1;
}
